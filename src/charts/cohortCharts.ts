/**
 * Cohort retention charts (vega-lite spec builders, pure: table -> spec): the retention triangle
 * heatmap and the average retention curve with the per-cohort spread.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Table } from "../data/index.js";
import type { CohortPeriod } from "../lifecycle/index.js";

export interface RetentionHeatmapOptions {
  /** Matrix column to colour by; default "customer_retention". */
  measure?: string;
  title?: string;
  /**
   * The matrix's period, named on the x axis ("quarters since first order"). Default: read from the
   * cohort labels of an acquisition matrix (2026-Q1, 2026-03, 2026-W10, 2026); "periods" otherwise.
   */
  period?: CohortPeriod;
}

/** Cohort label patterns of `cohortRetention`'s acquisition cohorts (periodLabelSql), by period. */
const ACQUISITION_LABELS: Record<CohortPeriod, RegExp> = {
  quarter: /^\d{4}-Q[1-4]$/,
  month: /^\d{4}-\d{2}$/,
  week: /^\d{4}-W\d{2}$/,
  year: /^\d{4}$/,
};

/**
 * The x-axis title of a retention chart: "quarters since first order" and the like. Without a
 * period, one is read from the cohort labels when they all look like one period's labels.
 *
 * @example
 * periodsSinceStartTitle(["2026-Q1", "2026-Q2"]); // "quarters since first order"
 * periodsSinceStartTitle(["referral"], undefined); // "periods since first order"
 */
export function periodsSinceStartTitle(cohortLabels: readonly unknown[], period?: CohortPeriod): string {
  const labels = cohortLabels.map(String);
  const unit =
    period ??
    (labels.length ? (Object.keys(ACQUISITION_LABELS) as CohortPeriod[]).find((p) => labels.every((label) => ACQUISITION_LABELS[p].test(label))) : undefined);
  return `${unit ?? "period"}s since first order`;
}

/**
 * Triangle heatmap of a `cohortRetention` matrix: cohorts down, periods since start across, cells
 * coloured and labelled with the retention share.
 *
 * @example
 * retentionHeatmapSpec(await cohortRetention(ds, { asOf: "2026-09-30" }));
 */
export function retentionHeatmapSpec(matrix: Table, options: RetentionHeatmapOptions = {}): TopLevelSpec {
  const measure = options.measure ?? "customer_retention";
  const rows = matrix.objects() as Record<string, unknown>[];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title ?? `Cohort retention (${measure.replaceAll("_", " ")})`,
    data: { values: rows },
    encoding: {
      x: { field: "period_index", type: "ordinal", title: periodsSinceStartTitle(rows.map((r) => r.cohort), options.period), axis: { labelAngle: 0 } },
      y: { field: "cohort", type: "ordinal", title: "cohort", sort: null },
    },
    layer: [
      {
        mark: "rect",
        encoding: {
          // The legend in percent, like the cell labels (it read 0.0 .. 1.0 next to cells reading 85%).
          color: { field: measure, type: "quantitative", title: "retention", scale: { scheme: "blues", domain: [0, 1] }, legend: { format: "%" } },
          tooltip: [{ field: "cohort" }, { field: "period_index" }, { field: "cohort_size" }, { field: measure, format: ".1%" }],
        },
      },
      {
        mark: { type: "text", fontSize: 9 },
        encoding: {
          text: { field: measure, type: "quantitative", format: ".0%" },
          color: { condition: { test: `datum['${measure}'] > 0.6`, value: "white" }, value: "black" },
        },
      },
    ],
  };
}

/**
 * Average retention curve (line) with the interquartile band and min–max band across cohorts, from
 * `averageRetentionCurve`; `period` names the x axis's unit ("months since first order"), else "periods".
 *
 * @example
 * retentionCurveSpec(averageRetentionCurve(matrix), { period: "month" });
 */
export function retentionCurveSpec(curve: Table, options: { title?: string; period?: CohortPeriod } = {}): TopLevelSpec {
  const x = { field: "period_index", type: "quantitative" as const, title: periodsSinceStartTitle([], options.period) };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title ?? "Average retention with the spread across cohorts",
    data: { values: curve.objects() as Record<string, unknown>[] },
    layer: [
      { mark: { type: "area", opacity: 0.15 }, encoding: { x, y: { field: "min", type: "quantitative", axis: { format: "%" }, title: "retention" }, y2: { field: "max" } } },
      { mark: { type: "area", opacity: 0.3 }, encoding: { x, y: { field: "q25", type: "quantitative" }, y2: { field: "q75" } } },
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "mean", type: "quantitative" }, tooltip: [{ field: "period_index" }, { field: "mean", format: ".1%" }, { field: "cohorts" }] } },
    ],
  };
}
