import { describe, expect, it } from "vitest";
import { compareResults, deltaTone, formatDelta, formatKpi, type Kpi, type ReportResults } from "../../src/report/results.js";

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

describe("formatDelta: the one text of a delta (sentences, table and KPI cards)", () => {
  const share = (value: number, better: Kpi["better"] = "up"): Kpi => ({ label: "Share", value, unit: "share", better });
  const deltaOf = (now: Kpi, before: Kpi) => compareResults({ ...current, kpis: { k: now } }, { ...previous, kpis: { k: before } }).kpis[0];

  it("a small change of a large share is flat: ▶, not ▲, with its size", () => {
    // 0.452 - 0.450 = +0.2 pp, relative 0.002 / 0.45 = 0.44% < 0.5%: flat (the 1000-customer seed-7 demo's ideal share).
    const d = deltaOf(share(0.452), share(0.45));
    expect([d.arrow, d.improved, deltaTone(d), formatDelta(d)]).toEqual(["▶", null, "neutral", "▶ +0.2 pp"]);
  });

  it("falls are written with the minus sign U+2212, as the sentences are", () => {
    // 0.18 - 0.20 = -2.0 pp (relative -10%): down; for a share where up is better, worse.
    const d = deltaOf(share(0.18), share(0.2));
    expect(formatDelta(d)).toBe("▼ \u22122.0 pp");
    expect(formatDelta(d)).not.toContain("-");
    expect(deltaTone(d)).toBe("bad");
    const churn = deltaOf(share(0.18, "down"), share(0.2, "down"));
    expect(deltaTone(churn)).toBe("good");
    const revenue = deltaOf({ label: "Revenue", value: 950, unit: "currency", better: "up" }, { label: "Revenue", value: 1000, unit: "currency", better: "up" });
    expect(formatDelta(revenue)).toBe("▼ \u22125.0%");
  });

  it("KPI values use the same minus sign", () => {
    expect([formatKpi(-0.012, "share"), formatKpi(-300, "currency"), formatKpi(0.012, "share")]).toEqual(["\u22121.2%", "\u2212$300", "1.2%"]);
  });

  it("a change that prints as zero is flat, never an arrow over ±0.0", () => {
    // 0.0104 - 0.0100 = +0.04 pp: relative +4% (not flat by the relative rule), but it prints as 0.0 pp.
    const d = deltaOf(share(0.0104), share(0.01));
    expect([d.arrow, d.improved, formatDelta(d)]).toEqual(["▶", null, "▶ ±0.0 pp"]);
    // From 0: the absolute change, +3.0 counts.
    const fromZero = deltaOf({ label: "Accounts", value: 3, unit: "count", better: "down" }, { label: "Accounts", value: 0, unit: "count", better: "down" });
    expect([formatDelta(fromZero), deltaTone(fromZero)]).toEqual(["▲ +3.0", "bad"]);
  });
});
