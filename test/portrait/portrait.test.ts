import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset, type Row } from "../../src/data/index.js";
import { evaluateCriteria } from "../../src/criteria/index.js";
import { findingSentence, portrait } from "../../src/portrait/index.js";
import { AS_OF, FIXTURE } from "../criteria/fixture.js";

/**
 * 100 buyers, one order each in 2026-03: 40 prepaid (the "ideal" group here), 60 not.
 * Ideal: 20 email_newsletter + 20 paid_search, amount 200; rest: 12 email_newsletter + 48 paid_search, amount 100.
 * email_newsletter: 20/40 = 50% vs 12/60 = 20% -> lift 2.5, n = 32;
 *   z = 0.3 / sqrt(0.32·0.68·(1/40 + 1/60)) = 0.3 / 0.095219 = 3.1506, p = 0.00163.
 * paid_search: 50% vs 48/60 = 80% -> lift 0.625 ("38% less likely"), n = 68.
 * Three values tested (industry 'software' has p = 1); the channel p-values are equal (complementary
 * shares, same |z|), so BH gives both p·3/2 = 0.00244 (rank 2 of 3 bounds rank 1; software: 1).
 */
function population(): Record<string, Row[]> {
  const customers: Row[] = [];
  const orders: Row[] = [];
  for (let i = 0; i < 100; i++) {
    const ideal = i < 40;
    const newsletter = ideal ? i < 20 : i < 52;
    customers.push({ customer_id: `k${i}`, signup_date: "2026-01-01", acquisition_channel: newsletter ? "email_newsletter" : "paid_search", industry: "software" });
    orders.push({ order_id: `ok${i}`, customer_id: `k${i}`, order_date: "2026-03-01", amount: ideal ? 200 : 100, prepaid: ideal });
  }
  return { customers, orders };
}

let dataset: Dataset;
beforeAll(async () => {
  dataset = await datasetFromRows(population());
});
afterAll(() => dataset.close());

describe("portrait", () => {
  it("compares shares with lift, intervals, tests and sentences", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
    const result = await portrait(evaluation, { ideal: { cohort: "prepaid" }, minSupport: 30 });
    expect([result.idealCustomers, result.restCustomers]).toEqual([40, 60]);
    const [first, second] = result.findingList;
    expect(first).toMatchObject({ attribute: "acquisition_channel", value: "email_newsletter", nIdeal: 20, nRest: 12, idealShare: 0.5, restShare: 0.2 });
    expect(first.lift).toBeCloseTo(2.5, 10);
    expect(first.pValue).toBeCloseTo(0.00163, 5);
    expect(first.qValue).toBeCloseTo(first.pValue * 1.5, 10);
    expect(first.difference).toBeCloseTo(0.3, 10);
    expect(first.differenceLow).toBeGreaterThan(0);
    expect(first.idealShareLow).toBeLessThan(0.5);
    expect(first.sentence).toBe("Ideal customers are 2.5x as likely to come from the email newsletter channel (50% vs 20%, n=32).");
    expect(second.sentence).toBe("Ideal customers are 38% less likely to come from the paid search channel (50% vs 80%, n=68).");
    // industry 'software' is everyone: lift 1, p = 1, filtered out of findings but present in `all`.
    expect(result.findingList.some((f) => f.attribute === "industry")).toBe(false);
    expect(result.all.numRows()).toBe(3);
    // Raising the support above 32 drops the newsletter finding.
    const strict = await portrait(evaluation, { ideal: { cohort: "prepaid" }, minSupport: 40 });
    expect(strict.findingList.map((f) => f.value)).toEqual(["paid_search"]);
  });

  it("puts numeric attributes side by side", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
    const result = await portrait(evaluation, { ideal: { sql: "prepaid" }, numeric: ["revenue"] });
    expect(result.numeric.objects()).toEqual([
      { attribute: "revenue", group: "ideal", n: 40, q1: 200, median: 200, q3: 200, mean: 200 },
      { attribute: "revenue", group: "rest", n: 60, q1: 100, median: 100, q3: 100, mean: 100 },
    ]);
  });

  it("selects the ideal group by score, criteria or cohort on the hand-built fixture", async () => {
    const small = await datasetFromRows(FIXTURE);
    try {
      const evaluation = await evaluateCriteria(small, { asOf: AS_OF });
      // default: score >= ceil(2/3 · 7) = 5 -> c1 (7) only; rest c2 (2), c3 (4).
      const byScore = await portrait(evaluation, { minSupport: 0, alpha: 1 });
      expect([byScore.idealCustomers, byScore.restCustomers, byScore.idealLabel]).toEqual([1, 2, "ideal score >= 5"]);
      // software: 1/1 ideal vs 1/2 rest (c3) -> lift 2; score >= 4 adds c3: 2/2 vs 0/1 -> lift infinite.
      const software = byScore.findingList.find((f) => f.value === "software")!;
      expect([software.nIdeal, software.nRest, software.lift]).toEqual([1, 1, 2]);
      const four = (await portrait(evaluation, { ideal: { minScore: 4 }, minSupport: 0, alpha: 1 })).findingList.find((f) => f.value === "software")!;
      expect([four.nIdeal, four.nRest, four.lift]).toEqual([2, 0, Infinity]);
      const both = await portrait(evaluation, { ideal: { criteria: ["success_potential", "voluntary_decision"] } });
      expect(both.idealCustomers).toBe(2); // c1 and c2
      const cohort = await portrait(evaluation, { ideal: { cohort: "fast_conversion" } });
      expect(cohort.idealCustomers).toBe(1); // c3
    } finally {
      small.close();
    }
  });

  it("writes sentences for each attribute kind", () => {
    expect(findingSentence({ attribute: "industry", value: "fintech", idealShare: 0.3, restShare: 0.1, lift: 3, n: 50 })).toBe("Ideal customers are 3.0x as likely to be in fintech (30% vs 10%, n=50).");
    expect(findingSentence({ attribute: "company_size", value: "51-200", idealShare: 0.4, restShare: 0.2, lift: 2, n: 9 })).toBe("Ideal customers are 2.0x as likely to have 51-200 employees (40% vs 20%, n=9).");
  });
});
