import { describe, expect, it } from "vitest";
import { compareResults, formatDelta, type ReportResults } from "../../src/report/results.js";

const previous: ReportResults = {
  quarter: "2026Q2",
  asOf: "2026-06-30",
  kpis: {
    idealShare: { label: "Ideal customers", value: 0.2, unit: "share", better: "up" },
    churn: { label: "User churn", value: 0.05, unit: "share", better: "down" },
    customers: { label: "Customers", value: 1000, unit: "count", better: "up" },
  },
  criteria: { success: { name: "Success potential", share: 0.3 } },
  findings: [{ attribute: "industry", value: "fintech", lift: 2, idealShare: 0.4 }],
};
const current: ReportResults = {
  quarter: "2026Q3",
  asOf: "2026-09-30",
  kpis: {
    idealShare: { label: "Ideal customers", value: 0.23, unit: "share", better: "up" },
    churn: { label: "User churn", value: 0.06, unit: "share", better: "down" },
    customers: { label: "Customers", value: 1000, unit: "count", better: "up" },
  },
  criteria: { success: { name: "Success potential", share: 0.25 } },
  findings: [{ attribute: "channel", value: "email", lift: 1.5, idealShare: 0.3 }],
};

describe("compareResults", () => {
  it("gives deltas with arrows and whether each is an improvement", () => {
    const { kpis, criteria, findings } = compareResults(current, previous);
    const ideal = kpis.find((d) => d.key === "idealShare")!;
    // 0.23 - 0.20 = +3.0 pp, up is better
    expect(ideal.change).toBeCloseTo(0.03, 10);
    expect(ideal.improved).toBe(true);
    expect(formatDelta(ideal)).toBe("▲ +3.0 pp");
    // churn rose 0.05 -> 0.06: arrow up, but worse
    const churn = kpis.find((d) => d.key === "churn")!;
    expect([churn.arrow, churn.improved]).toEqual(["▲", false]);
    // unchanged count is flat, neither better nor worse
    const customers = kpis.find((d) => d.key === "customers")!;
    expect([customers.arrow, customers.improved, formatDelta(customers)]).toEqual(["▶", null, "▶ ±0.0%"]);
    expect(criteria[0]).toMatchObject({ key: "success", arrow: "▼", improved: false });
    // one finding appeared, one disappeared
    expect(findings).toEqual([
      { attribute: "channel", value: "email", liftNow: 1.5, liftBefore: null },
      { attribute: "industry", value: "fintech", liftNow: null, liftBefore: 2 },
    ]);
  });
});
