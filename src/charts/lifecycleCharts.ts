/**
 * Churn, RFM, CLV and churn-tree charts (vega-lite spec builders, pure: table -> spec).
 */
import type { TopLevelSpec } from "vega-lite";
import type { Table } from "../data/index.js";
import { labelOf, type ValueLabels } from "./labels.js";
import { OKABE_ITO_PALETTE } from "./criteriaCharts.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Options shared by the lifecycle builders: a title, and how raw values read (see labels.ts). */
export interface LifecycleChartOptions {
  title?: string;
  /** Display text for the raw values the chart prints (definition ids, series and group names, rules). */
  labels?: ValueLabels;
}

/**
 * The churn definitions side by side (bars), from `churnDefinitionsTable`. Bars are named by the
 * table's `label`, or, with `labels`, by the label of each `definition` id.
 *
 * @example
 * churnDefinitionsSpec(churnDefinitionsTable({ startCustomers: 100, newCustomers: 30, endCustomers: 110 }), { labels: { lost_over_start: "lost ÷ start" } });
 */
export function churnDefinitionsSpec(definitions: Table, options: LifecycleChartOptions = {}): TopLevelSpec {
  const rows = (definitions.objects() as Record<string, unknown>[]).map((d) => (options.labels ? { ...d, label: labelOf(d.definition, options.labels) } : d));
  return {
    $schema: SCHEMA,
    title: options.title ?? "One period, four churn rates: the definition matters",
    data: { values: rows },
    mark: "bar",
    encoding: {
      y: { field: "label", type: "nominal", title: null, sort: null, axis: { labelLimit: 360 } },
      x: { field: "churn_rate", type: "quantitative", axis: { format: "%" }, title: "churn rate" },
      tooltip: [{ field: "definition" }, { field: "churn_rate", format: ".2%" }],
    },
  };
}

/** The revenue movements and churn rates `revenueChurnSpec` draws, in drawing order. */
const REVENUE_MOVEMENTS = ["churned_revenue", "contraction_revenue", "expansion_revenue", "new_revenue"] as const;
const CHURN_RATES = ["user_churn", "gross_revenue_churn", "net_revenue_churn"] as const;

export interface RevenueChurnChartOptions extends LifecycleChartOptions {
  /** Panels' width in pixels; default vega-lite's step width per period. */
  width?: number;
  /** ISO code of the amounts, named on the revenue axis ("… (USD)"); default none. */
  currency?: string;
  /**
   * What the revenue columns hold, for the revenue axis. Default "monthly recurring revenue": what
   * `churnByPeriod` measures with its default subscription coverage (payments spread over the months
   * they cover; quarters and years compared at their last month). Say "revenue" for `coverage: "orders"`.
   */
  revenueMeasure?: string;
}

/**
 * Revenue churn per period from `churnByPeriod`: churned and contraction below zero, expansion and
 * new revenue above, with user churn vs gross/net revenue churn as lines in a second panel. Each
 * panel has its own colour legend; `labels` words the series (keys are the column names above).
 * The revenue axis says what the bars are: "change in monthly recurring revenue (USD)" with
 * `currency: "USD"`.
 *
 * @example
 * revenueChurnSpec(await churnByPeriod(ds, { asOf: "2026-09-30" }), { labels: { user_churn: "user churn" }, width: 420, currency: "USD" });
 */
export function revenueChurnSpec(churn: Table, options: RevenueChurnChartOptions = {}): TopLevelSpec {
  const periods = churn.objects() as Record<string, unknown>[];
  // Churned and contraction revenue are losses: drawn below zero.
  const movements = periods.flatMap((p) => REVENUE_MOVEMENTS.map((m) => ({ period: p.period, movement: labelOf(m, options.labels), amount: (m === "churned_revenue" || m === "contraction_revenue" ? -1 : 1) * Number(p[m] ?? 0) })));
  const rates = periods.flatMap((p) => CHURN_RATES.map((r) => ({ period: p.period, rate: labelOf(r, options.labels), value: p[r] ?? null })));
  const size = options.width === undefined ? {} : { width: options.width };
  const x = { field: "period", type: "ordinal" as const, title: null, axis: { labelAngle: -45 } };
  return {
    $schema: SCHEMA,
    title: options.title ?? "Revenue movements and churn rates per period",
    vconcat: [
      {
        ...size,
        data: { values: movements },
        mark: "bar",
        encoding: {
          x,
          y: { field: "amount", type: "quantitative", title: `change in ${options.revenueMeasure ?? "monthly recurring revenue"}${options.currency ? ` (${options.currency})` : ""}`, axis: { format: ",.0f" } },
          // Losses in warm colours (vermillion, orange), gains in cool ones (sky blue, bluish green): Okabe-Ito.
          color: { field: "movement", type: "nominal", title: null, sort: REVENUE_MOVEMENTS.map((m) => labelOf(m, options.labels)), scale: { domain: REVENUE_MOVEMENTS.map((m) => labelOf(m, options.labels)), range: [OKABE_ITO_PALETTE[5], OKABE_ITO_PALETTE[0], OKABE_ITO_PALETTE[1], OKABE_ITO_PALETTE[2]] } },
        },
      },
      {
        ...size,
        data: { values: rates },
        mark: { type: "line", point: true },
        encoding: {
          x,
          y: { field: "value", type: "quantitative", axis: { format: "%" }, title: "churn" },
          color: { field: "rate", type: "nominal", title: null, sort: CHURN_RATES.map((r) => labelOf(r, options.labels)) },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  };
}

/**
 * RFM grid: recency score across, frequency score down, cell colour = mean monetary, size = customers,
 * from `rfmScores` (aggregated in the spec).
 *
 * @example
 * rfmGridSpec(await rfmScores(ds, { asOf: "2026-09-30" }));
 */
export function rfmGridSpec(scores: Table): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: "RFM grid: recency x frequency, colour = average spend",
    data: { values: scores.select("r_score", "f_score", "monetary").objects() as Record<string, unknown>[] },
    transform: [{ aggregate: [{ op: "count", as: "customers" }, { op: "mean", field: "monetary", as: "avg_monetary" }], groupby: ["r_score", "f_score"] }],
    encoding: {
      x: { field: "r_score", type: "ordinal", title: "recency score (5 = most recent)", axis: { labelAngle: 0 } },
      y: { field: "f_score", type: "ordinal", title: "frequency score", sort: "descending" },
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "avg_monetary", type: "quantitative", title: "avg spend" } } },
      { mark: { type: "text", fontSize: 10 }, encoding: { text: { field: "customers", type: "quantitative" } } },
    ],
  };
}

/** The per-customer measures `clvByChannelSpec` draws, in drawing order. */
const PROFIT_MEASURES = ["avg_clv", "avg_cac", "avg_coc", "avg_profit"] as const;

/**
 * Average CLV, CAC, COC and profit per channel (or any group) from `customerProfit(...).perGroup`.
 * `labels` words the group values and the measures (keys `avg_clv`, `avg_cac`, `avg_coc`, `avg_profit`).
 *
 * @example
 * clvByChannelSpec(perGroup, "acquisition_channel", { labels: valueLabeler({ avg_clv: "CLV" }) });
 */
export function clvByChannelSpec(perGroup: Table, groupField = "acquisition_channel", options: LifecycleChartOptions = {}): TopLevelSpec {
  // perGroup holds sums for CAC and COC and means for CLV and profit: per customer = sum / customers.
  const rows = (perGroup.objects() as Record<string, unknown>[]).flatMap((g) => {
    const customers = Number(g.customers);
    const perCustomer: Record<(typeof PROFIT_MEASURES)[number], number> = {
      avg_clv: Number(g.avg_clv), avg_cac: Number(g.cac) / customers, avg_coc: Number(g.coc) / customers, avg_profit: Number(g.avg_profit),
    };
    return PROFIT_MEASURES.map((m) => ({ group: labelOf(g[groupField], options.labels), measure: labelOf(m, options.labels), value: perCustomer[m] }));
  });
  const measureOrder = PROFIT_MEASURES.map((m) => labelOf(m, options.labels));
  return {
    $schema: SCHEMA,
    title: options.title ?? "Lifetime value and profit per customer by channel (profit = CLV − CAC − COC)",
    data: { values: rows },
    mark: "bar",
    encoding: {
      y: { field: "group", type: "nominal", title: null },
      yOffset: { field: "measure", sort: measureOrder },
      x: { field: "value", type: "quantitative", title: "per customer" },
      color: { field: "measure", type: "nominal", title: null, sort: measureOrder },
    },
  };
}

/**
 * The churn tree drawn as its rules: one bar per leaf (churn probability), labelled with the rule and
 * its support, from `churnTreeBacktest(...).calibration`; test churn rates as ticks for calibration.
 * `labels` words the rules on the axis (e.g. "Rule 1" keyed by the rule text, when the rules are
 * listed in full next to the chart); the tooltip keeps the full rule.
 *
 * @example
 * churnTreeRulesSpec(result.calibration, { labels: (rule) => rule.replaceAll("_", " ") });
 */
export function churnTreeRulesSpec(calibration: Table, options: LifecycleChartOptions = {}): TopLevelSpec {
  const rows = (calibration.objects() as Record<string, unknown>[]).map((r) => ({ ...r, ruleLabel: labelOf(r.rule, options.labels) }));
  return {
    $schema: SCHEMA,
    title: options.title ?? "Churn tree: if-then rules, leaf churn probability (bar) vs later observed rate (tick)",
    data: { values: rows },
    encoding: { y: { field: "ruleLabel", type: "nominal", sort: null, title: null, axis: { labelLimit: 480 } } },
    layer: [
      {
        mark: "bar",
        encoding: {
          x: { field: "train_probability", type: "quantitative", scale: { domain: [0, 1] }, axis: { format: "%" }, title: "churn probability" },
          tooltip: [{ field: "rule" }, { field: "train_accounts" }, { field: "test_accounts" }, { field: "test_churn_rate", format: ".1%" }],
        },
      },
      { mark: { type: "tick", color: "black", thickness: 2 }, encoding: { x: { field: "test_churn_rate", type: "quantitative" } } },
    ],
  };
}
