/**
 * The per-customer frequency / recency / T / monetary summary that the BG/NBD and Gamma-Gamma models
 * take, as typed arrays (models fit in JS on typed arrays pulled from SQL: ../shared/ARCHITECTURE.md).
 */

/** Time unit of recency and T: `days` or `weeks` (days / 7, fractional, as lifetimes' freq_multiplier=7). */
export type SummaryTimeUnit = "days" | "weeks";

/** Days in one unit. */
export const DAYS_PER_UNIT: Record<SummaryTimeUnit, number> = { days: 1, weeks: 7 };

/**
 * One entry per customer, aligned arrays. Semantics of the Python `lifetimes` package's
 * `summary_data_from_transaction_data`: purchases on the same day collapse into one;
 * `frequency` = number of repeat purchase days; `recency` = last - first purchase day;
 * `T` = calibration end - first purchase day (in `unit`); `monetaryValue` = mean value of the
 * repeat purchase days (0 when frequency is 0).
 */
export interface RfmSummary {
  /** Customer ids (empty when the summary was built with `includeCustomerIds: false`). */
  customerIds: string[];
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
  unit: SummaryTimeUnit;
  /** Last day (inclusive) of the calibration period, `YYYY-MM-DD`. */
  calibrationEnd: string;
}

/**
 * Build a summary from plain arrays (for analysts' own data and tests).
 *
 * @example
 * const s = summaryFromArrays({ frequency: [2], recency: [30.43], T: [38.86], monetaryValue: [20] });
 */
export function summaryFromArrays(columns: {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetaryValue?: ArrayLike<number>;
  customerIds?: string[];
  unit?: SummaryTimeUnit;
  calibrationEnd?: string;
}): RfmSummary {
  const n = columns.frequency.length;
  return {
    customerIds: columns.customerIds ?? [],
    frequency: Float64Array.from(columns.frequency),
    recency: Float64Array.from(columns.recency),
    T: Float64Array.from(columns.T),
    monetaryValue: columns.monetaryValue ? Float64Array.from(columns.monetaryValue) : new Float64Array(n),
    unit: columns.unit ?? "weeks",
    calibrationEnd: columns.calibrationEnd ?? "",
  };
}
