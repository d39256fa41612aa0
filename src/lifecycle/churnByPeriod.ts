/**
 * User churn and revenue churn per calendar period, side by side (DOMAIN.md §3: losing 5% of users is
 * not losing 5% of revenue). A customer is *paying* in a period when an order covers it (coverage.ts:
 * an annual prepaid order covers 12 months, its amount spread evenly over them, MRR-style), so a
 * prepaid customer is not lost until their paid months run out; `coverage: "orders"` gives the
 * order-based view (paying = an order dated in the period, its whole amount counted there).
 * With subscription coverage, quarters and years are compared at their ends: start = paying in the
 * last month of P−1, end = paying in the last month of P (the month of `asOf` for the current
 * period), revenue = that month's recurring revenue (MRR), as SaaS churn is usually reported; a
 * customer who starts and leaves inside one quarter is not counted.
 *
 * Per period P (previous period P−1):
 * - start = paying in P−1; end = paying in P; new = first order ever in P; reactivated = paying in P,
 *   not in P−1, not new; lost = paying in P−1, not in P.
 * - starting revenue R0 = P−1 revenue of start customers; churned revenue = P−1 revenue of the lost;
 *   contraction = sum of (P−1 − P) over retained customers who pay less; expansion = sum of (P − P−1)
 *   over those who pay more.
 * - gross revenue churn = (churned + contraction) / R0; net revenue churn = (churned + contraction −
 *   expansion) / R0 (negative when expansion outweighs losses).
 */
import type { Dataset, Table } from "../data/index.js";
import { checkIsoDate, checkPeriod, periodIndexSql, periodLabelSql, type CohortPeriod } from "./periods.js";
import { withTransactions, type TransactionsTable } from "./transactions.js";
import { coverageSettings, paidPeriodsSql, periodStartFromIndexSql, type CoverageOptions, type CoverageSettings } from "./coverage.js";

export interface ChurnByPeriodOptions extends CoverageOptions {
  /** Analysis date `YYYY-MM-DD`; the period containing it is included (partial). Required. */
  asOf: string;
  /** Period; default `"month"`. */
  period?: CohortPeriod;
  /** Transactions (customer_id, order_date, amount); default `"orders"`. */
  transactions?: TransactionsTable;
}

/** SQL of the per-period churn table (bound `$asOf`); without `coverage`, the order-based view. */
export function churnByPeriodSql(relation: string, period: CohortPeriod, coverage?: CoverageSettings): string {
  const settings: CoverageSettings = coverage ?? { coverage: "orders", prepaidMonths: 12, columns: { periodMonths: false, prepaid: false } };
  return `
WITH paid AS (${paidPeriodsSql(relation, period, settings, { snapshotAtPeriodEnd: true })}),
firsts AS (SELECT customer_id, min(period_index) AS first_period FROM paid GROUP BY ALL),
pairs AS (
  SELECT coalesce(cur.customer_id, prev.customer_id) AS customer_id,
         coalesce(cur.period_index, prev.period_index + 1) AS period_index,
         prev.revenue AS previous_revenue, cur.revenue AS revenue
  FROM paid cur FULL JOIN paid prev
    ON prev.customer_id = cur.customer_id AND prev.period_index + 1 = cur.period_index
),
counts AS (
  SELECT x.period_index,
    count(*) FILTER (WHERE previous_revenue IS NOT NULL) AS start_customers,
    count(*) FILTER (WHERE revenue IS NOT NULL) AS end_customers,
    count(*) FILTER (WHERE revenue IS NOT NULL AND f.first_period = x.period_index) AS new_customers,
    count(*) FILTER (WHERE revenue IS NOT NULL AND previous_revenue IS NULL AND f.first_period < x.period_index) AS reactivated_customers,
    count(*) FILTER (WHERE previous_revenue IS NOT NULL AND revenue IS NULL) AS lost_customers,
    coalesce(sum(previous_revenue), 0) AS starting_revenue,
    coalesce(sum(revenue), 0) AS ending_revenue,
    coalesce(sum(revenue) FILTER (WHERE f.first_period = x.period_index), 0) AS new_revenue,
    coalesce(sum(previous_revenue) FILTER (WHERE revenue IS NULL), 0) AS churned_revenue,
    coalesce(sum(previous_revenue - revenue) FILTER (WHERE revenue < previous_revenue), 0) AS contraction_revenue,
    coalesce(sum(revenue - previous_revenue) FILTER (WHERE revenue > previous_revenue), 0) AS expansion_revenue
  FROM pairs x JOIN firsts f USING (customer_id)
  WHERE x.period_index <= ${periodIndexSql(period, "CAST($asOf AS DATE)")}
  GROUP BY x.period_index
),
dated AS (SELECT ${periodStartFromIndexSql(period, "period_index")} AS period_start, * FROM counts)
SELECT period_start, ${periodLabelSql(period, "period_start")} AS period,
  CAST(start_customers AS INTEGER) AS start_customers, CAST(end_customers AS INTEGER) AS end_customers,
  CAST(new_customers AS INTEGER) AS new_customers, CAST(reactivated_customers AS INTEGER) AS reactivated_customers,
  CAST(lost_customers AS INTEGER) AS lost_customers,
  starting_revenue, ending_revenue, new_revenue, churned_revenue, contraction_revenue, expansion_revenue,
  CASE WHEN start_customers > 0 THEN lost_customers / start_customers END AS user_churn,
  CASE WHEN starting_revenue > 0 THEN (churned_revenue + contraction_revenue) / starting_revenue END AS gross_revenue_churn,
  CASE WHEN starting_revenue > 0 THEN (churned_revenue + contraction_revenue - expansion_revenue) / starting_revenue END AS net_revenue_churn
FROM dated ORDER BY period_start`;
}

/**
 * Per period: start/end/new/reactivated/lost customers, user churn (`user_churn` = lost / start),
 * and revenue churn (starting, churned, contraction, expansion, new revenue; `gross_revenue_churn`,
 * `net_revenue_churn`). The first period has no start (rates null). Revenue is per period of
 * coverage (MRR-style by default: a 1,200 order prepaying 12 months is 100 a month).
 *
 * @example
 * const churn = await churnByPeriod(ds, { asOf: "2026-09-30", period: "month" });
 */
export async function churnByPeriod(dataset: Dataset, options: ChurnByPeriodOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const period = checkPeriod(options.period ?? "month");
  const transactions = options.transactions ?? "orders";
  const coverage = await coverageSettings(dataset, transactions, options);
  return withTransactions(dataset, transactions, (relation) => dataset.query(churnByPeriodSql(relation, period, coverage), { asOf }));
}
