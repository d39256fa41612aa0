/**
 * What "retained" means for channel and promotion cohorts: is a buyer still paying at the analysis
 * date? Two rules, and every result says which one it used (`retainedBy` column):
 * - `"paidPeriod"`: a payment made on or before the analysis date covers its calendar month — the
 *   lifecycle's coverage rule (src/lifecycle/coverage.ts, `payingAtAsOfSql`): an order covers
 *   `period_months` months from its order date (a null value: 12 months for a prepaid order, else 1).
 *   A buyer who prepaid a year in January is retained in September, and the retained buyers are the
 *   ones `churnByPeriod` counts as paying at the end of the analysis period, so channel retention and
 *   churn agree. Default when the orders have a `period_months` column.
 * - `"recentOrder"`: the buyer's latest order is less than `activeDays` (default 45: monthly billing
 *   plus grace) before the analysis date. The fallback for orders without `period_months`, which do
 *   not say what a payment covers; it counts an annual prepayer as lost a month and a half after paying.
 */
import { DataError, ParameterError } from "../errors/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { coverageSettings, payingAtAsOfSql } from "../lifecycle/index.js";
import { DUCKDB_DIALECT } from "../sql/index.js";

const d = DUCKDB_DIALECT;

/** How a buyer counts as retained at the analysis date (see the module doc). */
export type RetentionRule = "paidPeriod" | "recentOrder";

export interface RetentionOptions {
  /** The rule; default `"paidPeriod"` when `orders` has a `period_months` column, else `"recentOrder"`. */
  retainedBy?: RetentionRule;
  /** `"recentOrder"` only: retained when the latest order is less than this many days before the analysis date. Default 45. */
  activeDays?: number;
  /** `"paidPeriod"` only: months a prepaid order with no `period_months` value covers. Default 12 (as the lifecycle functions). */
  prepaidMonths?: number;
}

/** A resolved rule as SQL over the per-buyer table aliased `t`: CTEs to add, a join, and the boolean expression. */
export interface RetentionSql {
  rule: RetentionRule;
  /** CTE definitions (`name AS (...)`) the query must declare, possibly none. */
  ctes: string[];
  /** Join clause after `FROM <per-buyer table> t`, possibly empty. */
  join: string;
  /** Boolean SQL: the buyer is retained. */
  retained: string;
  /** Bound parameters the pieces use besides `$asOf`. */
  params: Record<string, number>;
}

/**
 * Resolve the retention rule against the evaluation's orders and return it as SQL pieces. The
 * pieces use the bound parameter `$asOf` (the analysis date).
 *
 * @example
 * const retention = await retentionSql(evaluation, {}); // retention.rule === "paidPeriod" on the demo data
 */
export async function retentionSql(evaluation: CriteriaEvaluation, options: RetentionOptions): Promise<RetentionSql> {
  const { dataset } = evaluation;
  const rule = options.retainedBy ?? (dataset.hasColumn("orders", "period_months") ? "paidPeriod" : "recentOrder");
  if (rule === "recentOrder") {
    const activeDays = options.activeDays ?? 45;
    if (!(Number.isInteger(activeDays) && activeDays >= 1)) throw new ParameterError("activeDays must be a whole number of days >= 1", { activeDays });
    const since = d.datePlusDays(d.param("asOf", "DATE"), `-${d.param("active_days", "INTEGER")}`);
    return { rule, ctes: [], join: "", retained: `coalesce(t.last_order_date > ${since}, false)`, params: { active_days: activeDays } };
  }
  if (rule !== "paidPeriod") throw new ParameterError(`retainedBy must be 'paidPeriod' or 'recentOrder', got '${String(rule)}'`, { retainedBy: rule });
  if (!dataset.hasTable("orders")) throw new DataError("retention by paid period needs the orders table");
  const settings = await coverageSettings(dataset, "orders", { coverage: "subscription", prepaidMonths: options.prepaidMonths });
  return {
    rule,
    ctes: [`paying_at_as_of AS (${payingAtAsOfSql(d.quoteIdent("orders"), settings)})`],
    join: "LEFT JOIN paying_at_as_of paying ON paying.customer_id = CAST(t.customer_id AS VARCHAR)",
    retained: "paying.customer_id IS NOT NULL",
    params: {},
  };
}
