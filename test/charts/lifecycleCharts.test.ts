import * as aq from "arquero";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import { vegaLiteToSvg } from "../../src/display/index.js";
import {
  churnDefinitionsSpec,
  churnTreeRulesSpec,
  clvByChannelSpec,
  retentionCurveSpec,
  retentionHeatmapSpec,
  revenueChurnSpec,
  rfmGridSpec,
} from "../../src/charts/index.js";
import { averageRetentionCurve, churnByPeriod, churnDefinitionsTable, cohortRetention, customerProfit, rfmScores } from "../../src/lifecycle/index.js";
import { tinyBusiness } from "../lifecycle/fixture.js";

const textOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("lifecycle charts render to SVG", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("retention heatmap labels every cell and the curve draws", async () => {
    const matrix = await cohortRetention(ds, { asOf: "2026-03-31" });
    const svg = await vegaLiteToSvg(retentionHeatmapSpec(matrix));
    // 5 cells: labels 100%, 50%, 100%, 100%, 100% -> "50%" appears once among the cell labels (the text marks;
    // the colour legend, now also in percent, has its own 50%).
    const cellLabels = /<g class="mark-text role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
    expect(cellLabels.match(/>50%</g)?.length).toBe(1);
    // The colour legend reads in percent like the cells (0% .. 100%), not 0.0 .. 1.0.
    const legend = /<g class="mark-text role-legend-label"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? "";
    expect(legend).toContain(">100%<");
    expect(svg).not.toMatch(/>(0\.0|0\.5|1\.0)</);
    expect(await vegaLiteToSvg(retentionCurveSpec(averageRetentionCurve(matrix)))).toContain("<svg");
  });

  it("retention charts name the period unit on the x axis", async () => {
    // Acquisition cohorts are labelled by their period (2026-Q1, 2026-01): the unit is read from the labels.
    const quarterly = await cohortRetention(ds, { asOf: "2026-03-31", period: "quarter" });
    expect(textOf(await vegaLiteToSvg(retentionHeatmapSpec(quarterly)))).toContain("quarters since first order");
    const monthly = await cohortRetention(ds, { asOf: "2026-03-31" });
    expect(textOf(await vegaLiteToSvg(retentionHeatmapSpec(monthly)))).toContain("months since first order");
    // Channel cohorts do not say their period: it is named by the option, else "periods".
    const byChannel = await cohortRetention(ds, { asOf: "2026-03-31", period: "quarter", cohortBy: "acquisition_channel" });
    expect(textOf(await vegaLiteToSvg(retentionHeatmapSpec(byChannel)))).toContain("periods since first order");
    expect(textOf(await vegaLiteToSvg(retentionHeatmapSpec(byChannel, { period: "quarter" })))).toContain("quarters since first order");
    expect(textOf(await vegaLiteToSvg(retentionCurveSpec(averageRetentionCurve(monthly), { period: "month" })))).toContain("months since first order");
  });

  it("the revenue chart says its bars are changes in monthly recurring revenue, in the currency", async () => {
    const churn = await churnByPeriod(ds, { asOf: "2026-03-31" });
    const texts = textOf(await vegaLiteToSvg(revenueChurnSpec(churn, { currency: "EUR" })));
    expect(texts).toContain("change in monthly recurring revenue (EUR)");
    expect(texts).not.toContain("revenue");
    expect(textOf(await vegaLiteToSvg(revenueChurnSpec(churn, { revenueMeasure: "billed revenue" })))).toContain("change in billed revenue");
  });

  it("churn, RFM, CLV and tree charts draw", async () => {
    const specs = [
      churnDefinitionsSpec(churnDefinitionsTable({ startCustomers: 100, newCustomers: 30, endCustomers: 110 })),
      revenueChurnSpec(await churnByPeriod(ds, { asOf: "2026-03-31" })),
      rfmGridSpec(await rfmScores(ds, { asOf: "2026-03-31" })),
      clvByChannelSpec(
        customerProfit(aq.table({ customer_id: ["a", "b"], clv: [100, 50] }), aq.table({ customer_id: ["a", "b"], ch: ["x", "y"], cac: [10, 5] }), { groupBy: "ch" }).perGroup!,
        "ch",
      ),
      churnTreeRulesSpec(aq.table({ rule: ["if x <= 1 then churn 80% (n = 10)"], train_probability: [0.8], train_accounts: [10], test_accounts: [8], test_churn_rate: [0.75] })),
    ];
    for (const spec of specs) expect(await vegaLiteToSvg(spec)).toMatch(/^<svg/);
    expect(await vegaLiteToSvg(specs[0])).toContain("lost / average of start and end customers");
  });
});
