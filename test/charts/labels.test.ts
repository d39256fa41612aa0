import * as aq from "arquero";
import { describe, expect, it, vi } from "vitest";
import { vegaLiteToSvg } from "../../src/display/index.js";
import {
  channelCacSpec,
  churnDefinitionsSpec,
  churnTreeRulesSpec,
  clvByChannelSpec,
  criteriaCoverageSpec,
  criteriaOverlapSpec,
  humanizeLabel,
  labelOf,
  portraitLiftSpec,
  revenueChurnSpec,
  valueLabeler,
} from "../../src/charts/index.js";
import { churnDefinitionsTable } from "../../src/lifecycle/index.js";

const textOf = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("value labels", () => {
  it("humanizes snake_case and leaves other text alone", () => {
    expect(humanizeLabel("paid_search")).toBe("Paid search");
    expect(humanizeLabel("days_since_last_activity")).toBe("Days since last activity");
    expect(humanizeLabel("1-10")).toBe("1-10");
    expect(humanizeLabel("EMEA")).toBe("EMEA");
  });

  it("looks values up in a mapping first, then falls back", () => {
    const labels = valueLabeler({ avg_clv: "CLV" });
    expect(labels("avg_clv")).toBe("CLV");
    expect(labels("email_newsletter")).toBe("Email newsletter");
    // A mapping alone prints unlisted values as they are; no labels at all prints the value.
    expect(labelOf("referral", { paid_search: "Paid search" })).toBe("referral");
    expect(labelOf("referral", undefined)).toBe("referral");
    expect(labelOf(null, humanizeLabel)).toBe("");
    // "toString" is not a key of the mapping even though every object has it.
    expect(labelOf("toString", { a: "b" })).toBe("toString");
  });
});

describe("chart builders print labelled values", () => {
  const labels = valueLabeler({ acquisition_channel: "Channel", avg_clv: "CLV", avg_cac: "CAC", avg_coc: "COC", avg_profit: "Profit" });

  it("channels, lift rows and the overlap's criteria", async () => {
    const channels = aq.table({ acquisition_channel: ["paid_search", "email_newsletter"], customers: [10, 20], cacRatio: [1.5, 0.6], retainedShare: [0.5, 0.7], meanActualCac: [1, 2], meanPlannedCac: [1, 2], meanRevenue: [1, 2] });
    const cacTexts = textOf(await vegaLiteToSvg(channelCacSpec(channels, { labels })));
    expect(cacTexts).toEqual(expect.arrayContaining(["Paid search", "Email newsletter"]));
    expect(cacTexts).not.toContain("paid_search");

    const findings = aq.table({ attribute: ["acquisition_channel", "company_size"], value: ["email_newsletter", "1-10"], lift: [3.6, 0.5], liftLow: [2.8, 0.4], liftHigh: [4.5, 0.6] });
    const liftTexts = textOf(await vegaLiteToSvg(portraitLiftSpec(findings, { labels })));
    expect(liftTexts).toEqual(expect.arrayContaining(["Channel: Email newsletter", "Company size: 1-10"]));

    // Two intersections over two criteria: ids on the dot matrix become the given names.
    const overlap = aq.table({ criteria: ["voluntary_decision & brand_promotion", "voluntary_decision"], degree: [2, 1], customers: [5, 3] });
    const spec = criteriaOverlapSpec(overlap, { labels: { voluntary_decision: "Voluntary decision", brand_promotion: "Brand promotion" } });
    const overlapTexts = textOf(await vegaLiteToSvg(spec));
    expect(overlapTexts).toEqual(expect.arrayContaining(["Voluntary decision", "Brand promotion"]));
    // Each bar carries its count for the printed report (the y axis alone would also print "5" as a tick).
    const bars = (spec as { vconcat: Array<{ layer: Array<{ mark: { type: string }; encoding?: { text?: { field: string } } }> }> }).vconcat[0].layer;
    expect(bars.find((layer) => layer.mark.type === "text")?.encoding?.text?.field).toBe("customers");
  });

  it("CLV measures and groups, per customer", () => {
    // Channel x: 2 customers, CAC sum 10 and COC sum 4 -> 5 and 2 per customer; CLV and profit are already means.
    const perGroup = aq.table({ acquisition_channel: ["paid_search"], customers: [2], cac: [10], coc: [4], avg_clv: [100], avg_profit: [93] });
    const values = (clvByChannelSpec(perGroup, "acquisition_channel", { labels }) as { data: { values: Array<{ group: string; measure: string; value: number }> } }).data.values;
    expect(values).toEqual([
      { group: "Paid search", measure: "CLV", value: 100 },
      { group: "Paid search", measure: "CAC", value: 5 },
      { group: "Paid search", measure: "COC", value: 2 },
      { group: "Paid search", measure: "Profit", value: 93 },
    ]);
  });

  it("revenue churn series, churn definitions and tree rules", async () => {
    const churn = aq.table({ period: ["2026-Q3"], churned_revenue: [30], contraction_revenue: [5], expansion_revenue: [10], new_revenue: [50], user_churn: [0.2], gross_revenue_churn: [0.35], net_revenue_churn: [0.25] });
    const churnTexts = textOf(await vegaLiteToSvg(revenueChurnSpec(churn, { labels: { user_churn: "User churn", churned_revenue: "Churned" } })));
    // Each panel has its own legend: the rate names are not listed under the revenue movements' colours only.
    expect(churnTexts).toEqual(expect.arrayContaining(["User churn", "Churned", "net_revenue_churn"]));
    const values = (revenueChurnSpec(churn) as { vconcat: Array<{ data: { values: Array<{ movement?: string; amount?: number }> } }> }).vconcat[0].data.values;
    // Losses are drawn below zero: churned 30 -> -30, contraction 5 -> -5.
    expect(values.map((v) => v.amount)).toEqual([-30, -5, 10, 50]);

    const definitions = churnDefinitionsTable({ startCustomers: 100, newCustomers: 30, endCustomers: 110 });
    const definitionTexts = textOf(await vegaLiteToSvg(churnDefinitionsSpec(definitions, { labels: { lost_over_start: "Lost ÷ start" } })));
    expect(definitionTexts).toContain("Lost ÷ start");
    // A mapping that lists only one definition prints the others' ids (the labeller decides, not the table).
    expect(definitionTexts).toContain("lost_over_average");

    const rules = aq.table({ rule: ["if seats_30d <= 1 then churn 80% (n = 10)"], train_probability: [0.8], train_accounts: [10], test_accounts: [8], test_churn_rate: [0.75] });
    expect(textOf(await vegaLiteToSvg(churnTreeRulesSpec(rules, { labels: () => "Rule 1" })))).toContain("Rule 1");
  });
});

describe("coverage bars", () => {
  it("are sorted without vega-lite's conflicting-sort warning (it would print into reports)", async () => {
    // Shares 0.2, 0.9, null (not evaluable -> 0): drawn 0.9, 0.2, 0.
    const coverage = aq.from([
      { kind: "criterion", id: "a", criterion: "a", name: "Alpha", customers: 2, share: 0.2, evaluable: true, note: "" },
      { kind: "criterion", id: "b", criterion: "b", name: "Beta", customers: 9, share: 0.9, evaluable: true, note: "" },
      { kind: "criterion", id: "c", criterion: "c", name: "Gamma", customers: null, share: null, evaluable: false, note: "not evaluable: needs nps" },
    ]);
    const warn = vi.spyOn(console, "warn");
    const spec = criteriaCoverageSpec(coverage);
    await vegaLiteToSvg(spec);
    const warnings = warn.mock.calls.map((call) => call.join(" "));
    warn.mockRestore();
    expect(warnings.filter((w) => /sort/i.test(w))).toEqual([]);
    expect((spec as { data: { values: Array<{ name: string }> } }).data.values.map((r) => r.name)).toEqual(["Beta", "Alpha", "Gamma"]);
  });
});
