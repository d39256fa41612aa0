/**
 * The average retention curve across cohorts with its spread, from a cohort matrix (small: computed
 * in JS). Weighted by cohort size by default, so large cohorts count for more customers.
 */
import * as aq from "arquero";
import { ParameterError } from "../errors/index.js";
import type { Table } from "../data/index.js";

/** Matrix columns that hold a retention share. */
export type RetentionMeasure = "customer_retention" | "gross_revenue_retention" | "net_revenue_retention" | "activity_retention";

export interface RetentionCurveOptions {
  /** Which retention; default `"customer_retention"`. */
  measure?: RetentionMeasure;
  /** `"size"` (weights = cohort_size at that period, default) or `"equal"` (each cohort counts once). */
  weighting?: "size" | "equal";
}

/** Linear-interpolated quantile of sorted values (type 7, as R's default and d3.quantile). */
function quantileSorted(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (h - lo);
}

/**
 * Per period_index: the average retention (`mean`), its `min`, `q25`, `median`, `q75`, `max` over
 * cohorts, and the number of `cohorts` observed at that period.
 *
 * @example
 * const curve = averageRetentionCurve(await cohortRetention(ds, { asOf: "2026-09-30" }));
 */
export function averageRetentionCurve(matrix: Table, options: RetentionCurveOptions = {}): Table {
  const measure = options.measure ?? "customer_retention";
  const weighting = options.weighting ?? "size";
  if (!matrix.columnNames().includes(measure)) throw new ParameterError(`averageRetentionCurve: the matrix has no column '${measure}'`, { measure });
  const byPeriod = new Map<number, { value: number; weight: number }[]>();
  for (const row of matrix.objects() as Record<string, number | null>[]) {
    const value = row[measure];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    const k = row.period_index as number;
    if (!byPeriod.has(k)) byPeriod.set(k, []);
    byPeriod.get(k)!.push({ value, weight: weighting === "size" ? (row.cohort_size as number) : 1 });
  }
  const periods = [...byPeriod.keys()].sort((x, y) => x - y);
  const column = (f: (points: { value: number; weight: number }[], sorted: number[]) => number) =>
    periods.map((k) => {
      const points = byPeriod.get(k)!;
      return f(points, points.map((p) => p.value).sort((x, y) => x - y));
    });
  return aq.table({
    period_index: periods,
    mean: column((points) => points.reduce((s, p) => s + p.value * p.weight, 0) / points.reduce((s, p) => s + p.weight, 0)),
    min: column((_, sorted) => sorted[0]),
    q25: column((_, sorted) => quantileSorted(sorted, 0.25)),
    median: column((_, sorted) => quantileSorted(sorted, 0.5)),
    q75: column((_, sorted) => quantileSorted(sorted, 0.75)),
    max: column((_, sorted) => sorted[sorted.length - 1]),
    cohorts: column((points) => points.length),
  });
}
