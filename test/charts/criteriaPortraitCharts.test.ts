import * as aq from "arquero";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset } from "../../src/data/index.js";
import { vegaLiteToSvg } from "../../src/display/index.js";
import { evaluateCriteria, type CriteriaEvaluation } from "../../src/criteria/index.js";
import { channelQuality, findStickPoint, milestones, portrait } from "../../src/portrait/index.js";
import { channelCacSpec, criteriaCoverageSpec, criteriaOverlapSpec, milestoneSpec, portraitLiftSpec, portraitNumericSpec, stickPointSpec } from "../../src/charts/index.js";
import { AS_OF, FIXTURE } from "../criteria/fixture.js";

// The hand-built fixture (test/criteria/fixture.ts): 3 buyers; coverage counts 1, 3, 2, 2, 2, 1, 2.
let dataset: Dataset;
let evaluation: CriteriaEvaluation;
beforeAll(async () => {
  dataset = await datasetFromRows(FIXTURE);
  evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
});
afterAll(() => dataset.close());

const textOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("criteria and portrait charts render to SVG", () => {
  it("coverage bars, sorted, labelled with counts", async () => {
    const svg = await vegaLiteToSvg(criteriaCoverageSpec(await evaluation.coverage()));
    const texts = textOf(svg);
    expect(texts).toContain("Buyers meeting each criterion");
    expect(texts).toContain("share of buyers (%)");
    // Voluntary decision (3 of 3) is the longest bar and is listed first among the axis labels.
    const names = texts.filter((t) => ["Voluntary decision", "Expansion potential", "Purchase readiness"].includes(t));
    expect(names[0]).toBe("Voluntary decision");
  });

  it("coverage bar labels use thousands separators, as the tables do", async () => {
    const coverage = aq.from([
      { kind: "criterion", id: "voluntary_decision", name: "Voluntary decision", customers: 1400, share: 0.9, evaluable: true, note: "" },
      { kind: "criterion", id: "brand_promotion", name: "Brand promotion potential", customers: null, share: null, evaluable: false, note: "needs table reviews" },
    ]);
    const texts = textOf(await vegaLiteToSvg(criteriaCoverageSpec(coverage)));
    expect(texts).toContain("1,400");
    expect(texts).not.toContain("1400");
    expect(texts).toContain("not evaluable");
  });

  it("UpSet overlap: one bar and one column of dots per intersection", async () => {
    const spec = criteriaOverlapSpec(await evaluation.overlap());
    const svg = await vegaLiteToSvg(spec);
    // 3 intersections x 7 criteria = 21 dots.
    // The dot matrix labels every criterion on its y axis.
    expect(textOf(svg)).toEqual(expect.arrayContaining(["brand_promotion", "voluntary_decision"]));
    expect(textOf(svg)).toContain("buyers (count)");
    const matrix = (spec as { vconcat: { data: { values: unknown[] } }[] }).vconcat[1].data.values;
    expect(matrix).toHaveLength(21);
  });

  it("lift with CI, numeric comparison, stick point, milestones, channels", async () => {
    const result = await portrait(evaluation, { ideal: { cohort: "no_promotion" }, minSupport: 0, alpha: 1 });
    // no_promotion = c1, c3: industry software 2/2 vs 0/1 has infinite lift and is left out; finite ones stay.
    const liftSpec = portraitLiftSpec(result.all);
    const liftSvg = await vegaLiteToSvg(liftSpec);
    expect(textOf(liftSvg)).toContain("lift (ideal share / rest share, log scale)");
    expect(await vegaLiteToSvg(portraitNumericSpec(result.numeric))).toContain("interquartile");
    const sp = await findStickPoint(evaluation, { variable: { feature: "revenue" }, minSupport: 1 });
    expect(textOf(await vegaLiteToSvg(stickPointSpec(sp.curve, sp.stickPoint)))).toContain("Stick point at 200");
    const m = await milestones(evaluation, { highValue: { cohort: "prepaid" }, minSupport: 1, maxCount: 3 });
    expect(textOf(await vegaLiteToSvg(milestoneSpec(m.best)))).toContain("first_result &gt;= 1");
    const channels = await channelQuality(evaluation, { activeDays: 220 });
    expect(textOf(await vegaLiteToSvg(channelCacSpec(channels)))).toContain("paid_search");
  });

  it("channel bubbles: the size legend shows the smallest and largest channel, no 0", async () => {
    // Buyers per channel 127 .. 384 (the 2,000-customer demo's range): the scale starts at zero so areas compare
    // honestly, and its default legend ticks started there too ("0" next to a dot no channel has).
    const channels = aq.from([
      { acquisition_channel: "paid_search", customers: 384, cacRatio: 1.58, retainedShare: 0.74, meanActualCac: 1052, meanPlannedCac: 665, meanRevenue: 4198 },
      { acquisition_channel: "organic_search", customers: 299, cacRatio: 0.78, retainedShare: 0.9, meanActualCac: 231, meanPlannedCac: 298, meanRevenue: 5667 },
      { acquisition_channel: "events", customers: 127, cacRatio: 1.09, retainedShare: 0.83, meanActualCac: 935, meanPlannedCac: 857, meanRevenue: 4881 },
    ]);
    const svg = await vegaLiteToSvg(channelCacSpec(channels));
    const legendLabels = [...svg.matchAll(/<g class="mark-text role-legend-label"[^>]*>(.*?)<\/g>/gs)].flatMap((m) => [...m[1].matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]));
    expect(legendLabels).toEqual(["127", "384"]);
    const spec = channelCacSpec(channels) as { layer: Array<{ encoding: { size?: { scale?: { zero?: boolean } } } }> };
    expect(spec.layer[0].encoding.size?.scale?.zero).not.toBe(false);
  });
});
