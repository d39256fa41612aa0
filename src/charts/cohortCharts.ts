/**
 * Cohort retention charts (vega-lite spec builders, pure: table -> spec): the retention triangle
 * heatmap and the average retention curve with the per-cohort spread.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Table } from "../data/index.js";

export interface RetentionHeatmapOptions {
  /** Matrix column to colour by; default "customer_retention". */
  measure?: string;
  title?: string;
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
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title ?? `Cohort retention (${measure.replaceAll("_", " ")})`,
    data: { values: matrix.objects() as Record<string, unknown>[] },
    encoding: {
      x: { field: "period_index", type: "ordinal", title: "periods since start", axis: { labelAngle: 0 } },
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
 * `averageRetentionCurve`.
 *
 * @example
 * retentionCurveSpec(averageRetentionCurve(matrix));
 */
export function retentionCurveSpec(curve: Table, options: { title?: string } = {}): TopLevelSpec {
  const x = { field: "period_index", type: "quantitative" as const, title: "periods since start" };
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
