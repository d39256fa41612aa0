/**
 * Churn rates under each named definition (DOMAIN.md §3): a churn rate is ambiguous until defined.
 * For a period with `startCustomers` S, `newCustomers` N acquired in it and `endCustomers` E,
 * customers lost L = S + N − E. Of those, `lostFromStart` were customers at the start (defaults to L,
 * i.e. assuming customers acquired in the period do not also leave in it).
 */
import * as aq from "arquero";
import { ParameterError } from "../errors/index.js";
import type { Table } from "../data/index.js";

export interface ChurnCounts {
  startCustomers: number;
  newCustomers: number;
  endCustomers: number;
  /** Customers lost among those present at the start; default all lost (S + N − E). */
  lostFromStart?: number;
}

/** The named churn definitions. */
export type ChurnDefinition = "lost_over_start" | "lost_over_average" | "lost_over_start_plus_new" | "start_cohort_lost_over_start";

/** What each definition divides by, for reports. */
export const CHURN_DEFINITION_LABELS: Record<ChurnDefinition, string> = {
  lost_over_start: "lost / customers at start (with customers acquired in the period)",
  lost_over_average: "lost / average of start and end customers",
  lost_over_start_plus_new: "lost / (start + acquired): everyone exposed in the period",
  start_cohort_lost_over_start: "lost among the start customers / start (without customers acquired in the period)",
};

/**
 * Churn rate under every definition, as a record.
 *
 * @example
 * churnRates({ startCustomers: 100, newCustomers: 30, endCustomers: 110 });
 * // lost = 100 + 30 - 110 = 20: lost_over_start 0.2, lost_over_average 20/105 = 0.1905,
 * // lost_over_start_plus_new 20/130 = 0.1538, start_cohort_lost_over_start 0.2
 */
export function churnRates(counts: ChurnCounts): Record<ChurnDefinition, number> & { lost: number } {
  const { startCustomers: s, newCustomers: n, endCustomers: e } = counts;
  if ([s, n, e].some((v) => !(v >= 0))) throw new ParameterError("churnRates: counts must be >= 0", { ...counts });
  const lost = s + n - e;
  if (lost < 0) throw new ParameterError("churnRates: end exceeds start + new (reactivations? count them as new)", { ...counts });
  const lostFromStart = counts.lostFromStart ?? lost;
  return {
    lost,
    lost_over_start: lost / s,
    lost_over_average: lost / ((s + e) / 2),
    lost_over_start_plus_new: lost / (s + n),
    start_cohort_lost_over_start: lostFromStart / s,
  };
}

/**
 * The same, as a table with one row per definition (definition, label, churn_rate), for side-by-side display.
 *
 * @example
 * churnDefinitionsTable({ startCustomers: 100, newCustomers: 30, endCustomers: 110 });
 */
export function churnDefinitionsTable(counts: ChurnCounts): Table {
  const rates = churnRates(counts);
  const definitions = Object.keys(CHURN_DEFINITION_LABELS) as ChurnDefinition[];
  return aq.table({
    definition: definitions,
    label: definitions.map((d) => CHURN_DEFINITION_LABELS[d]),
    churn_rate: definitions.map((d) => rates[d]),
  });
}

/**
 * Average customer lifetime in periods from the per-period retention rate r: 1 / (1 − r)
 * (geometric lifetime; DOMAIN.md §4: r = 70% per month gives 3.3 months).
 *
 * @example
 * averageLifetime(0.7); // 3.333...
 */
export function averageLifetime(retentionRate: number): number {
  if (!(retentionRate >= 0 && retentionRate < 1)) throw new ParameterError("averageLifetime: retention rate must be in [0, 1)", { retentionRate });
  return 1 / (1 - retentionRate);
}
