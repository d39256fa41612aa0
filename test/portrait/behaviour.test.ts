import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset } from "../../src/data/index.js";
import { evaluateCriteria, type CriteriaEvaluation } from "../../src/criteria/index.js";
import { channelQuality, findStickPoint, milestones, promotionCohorts, roleModelGaps } from "../../src/portrait/index.js";
import { AS_OF, FIXTURE } from "../criteria/fixture.js";

// Fixture numbers: see test/criteria/fixture.ts. The "prepaid" cohort is c1 alone.
let dataset: Dataset;
let evaluation: CriteriaEvaluation;
beforeAll(async () => {
  dataset = await datasetFromRows(FIXTURE);
  evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
});
afterAll(() => dataset.close());

describe("role model, milestones, stick point, channels, promotions", () => {
  it("role-model gaps by event type", async () => {
    // Window events: c1 5 logins + first_result, c2 1 login + first_result, c3 none.
    // login: role 1/1 vs rest 1/2 (gap 0.5), means 5 vs 1/2 (ratio 10); first_result: 1 vs 1/2, means 1 vs 0.5.
    const gaps = (await roleModelGaps(evaluation, { roleModel: { cohort: "prepaid" } })).objects();
    expect(gaps).toEqual([
      { event_type: "first_result", roleModelShare: 1, restShare: 0.5, shareGap: 0.5, roleModelMeanEvents: 1, restMeanEvents: 0.5, meanRatio: 2 },
      { event_type: "login", roleModelShare: 1, restShare: 0.5, shareGap: 0.5, roleModelMeanEvents: 5, restMeanEvents: 0.5, meanRatio: 10 },
    ]);
  });

  it("milestones: the count that separates high-value buyers", async () => {
    // Within 30 days of the first payment only c1's first_result (02-10, 9 days) counts:
    // threshold 1 -> above c1 (high value) rate 1, below c2+c3 rate 0.
    const { best, curve } = await milestones(evaluation, { highValue: { cohort: "prepaid" }, minSupport: 1, maxCount: 3 });
    expect(best.objects()).toEqual([{ event_type: "first_result", threshold: 1, customersAbove: 1, rateAbove: 1, customersBelow: 2, rateBelow: 0, separation: 1 }]);
    expect(curve.numRows()).toBe(3);
  });

  it("stick point: the value past which regulars jump", async () => {
    // revenue 50 (c3), 80 (c2), 200 (c1); only c1 repeats -> rates 0, 0, 1, jump of 1 at 200.
    const { curve, stickPoint } = await findStickPoint(evaluation, { variable: { feature: "revenue" }, minSupport: 1 });
    expect(curve.array("rate")).toEqual([0, 0, 1]);
    expect(stickPoint).toEqual({ value: 200, rateBefore: 0, rateAfter: 1, jump: 1 });
  });

  it("channel CAC next to retention", async () => {
    // activeDays 220: retained when the last order is after 2026-02-22 -> c1, c3 (03-01), not c2 (01-15).
    const channels = (await channelQuality(evaluation, { activeDays: 220 })).objects() as Record<string, unknown>[];
    expect(channels.map((c) => [c.acquisition_channel, c.customers, c.cacRatio, c.retainedShare])).toEqual([
      ["referral", 1, 0, 1], ["email_newsletter", 1, 0.5, 1], ["paid_search", 1, 1.5, 0],
    ]);
  });

  it("promotion cohorts against buyers without a promotion", async () => {
    // c2 came with SPRING (last used 2026-01-15, no promotions table) and has no order after it.
    const promos = (await promotionCohorts(evaluation)).objects() as Record<string, unknown>[];
    expect(promos.map((p) => [p.promotion, p.customers, p.promotionEnd, p.stayedAfterEnd])).toEqual([["(no promotion)", 2, null, null], ["SPRING", 1, "2026-01-15", 0]]);
  });
});
