/**
 * Shared option checks for lifecycle analytics: calendar periods, the explicit analysis date.
 * Values reach SQL only as bound parameters; the period keyword is checked against this whitelist.
 */
import { ParameterError } from "../errors/index.js";
import { isIsoDate } from "../data/index.js";

/**
 * Calendar period for cohorts and churn: DuckDB `date_trunc` parts. A customer counts as paying in
 * a period when they have an order in it, so annual prepaid customers need `"year"`.
 */
export type CohortPeriod = "week" | "month" | "quarter" | "year";

export const COHORT_PERIODS: readonly CohortPeriod[] = ["week", "month", "quarter", "year"];

/** Throw a ParameterError unless `period` is one of week, month, quarter, year. */
export function checkPeriod(period: string): CohortPeriod {
  if (!(COHORT_PERIODS as readonly string[]).includes(period)) {
    throw new ParameterError(`period must be one of ${COHORT_PERIODS.join(", ")}, got '${period}'`, { period });
  }
  return period as CohortPeriod;
}

/** Throw a ParameterError unless `value` is a `YYYY-MM-DD` date; `name` names the option. */
export function checkIsoDate(value: string | undefined, name: string): string {
  if (typeof value !== "string" || !isIsoDate(value)) {
    throw new ParameterError(`${name} must be a YYYY-MM-DD date, got '${value}'`, { [name]: value });
  }
  return value;
}

/** SQL label of a period start `expr` (a DATE): 2026-03, 2026-Q1, 2026-W10 (ISO week) or 2026. */
export function periodLabelSql(period: CohortPeriod, expr: string): string {
  if (period === "year") return `strftime(${expr}, '%Y')`;
  if (period === "month") return `strftime(${expr}, '%Y-%m')`;
  if (period === "quarter") return `(CAST(year(${expr}) AS VARCHAR) || '-Q' || CAST(quarter(${expr}) AS VARCHAR))`;
  return `strftime(${expr}, '%G-W%V')`;
}

/**
 * SQL of a whole-number index of the calendar period containing the DATE `expr`, so that periods
 * since a start are a subtraction of two integers: month = year·12 + month, quarter = year·4 +
 * quarter, year = year, week = whole weeks since Monday 1969-12-29 (weeks start on Monday, as
 * `date_trunc('week')`).
 * Why: per event row this is cheaper than `date_diff(p, start, date_trunc(p, d))` (measured ≈15 %
 * less CPU on the activity part of the cohort matrix at 300k customers / 3M events).
 *
 * @example
 * periodIndexSql("month", "order_date"); // "(year(order_date) * 12 + month(order_date))"
 * // 2026-03-10 minus 2026-01-01: (2026·12 + 3) − (2026·12 + 1) = 2 months since the start.
 */
export function periodIndexSql(period: CohortPeriod, expr: string): string {
  if (period === "month") return `(year(${expr}) * 12 + month(${expr}))`;
  if (period === "quarter") return `(year(${expr}) * 4 + quarter(${expr}))`;
  if (period === "year") return `year(${expr})`;
  return `((${expr} - DATE '1969-12-29') // 7)`;
}
