/**
 * Cohort retention matrices (DOMAIN.md §2 "acquisition channel quality", §3): customers grouped by
 * the period of their first order (or by a customer attribute such as channel or plan, or by the
 * promotion of their first order), followed period by period since their own start.
 *
 * Measures per (cohort, period since start):
 * - customer retention = customers paying in the period / customers observable then. Paying =
 *   covered by an order (coverage.ts: a prepaid annual order covers 12 months), or with
 *   `coverage: "orders"` having an order dated in the period;
 * - revenue retention, net = revenue in the period (orders spread over the months they cover,
 *   MRR-style) / the same customers' first-period revenue
 *   (expansion counts); gross = sum over customers of min(revenue, first-period revenue) / first-
 *   period revenue (expansion capped, so gross <= 100%);
 * - activity retention = customers with any event in the period / customers observable then.
 * "Observable" means the period has begun by `asOf`, so the calendar matrix is a triangle and a
 * retention can never exceed 100%.
 */
import { ParameterError } from "../errors/index.js";
import type { Dataset, Table } from "../data/index.js";
import { quoteIdent } from "../sql/index.js";
import { checkIsoDate, checkPeriod, periodIndexSql, periodLabelSql, type CohortPeriod } from "./periods.js";
import { withTransactions, type TransactionsTable } from "./transactions.js";
import { coverageSettings, paidPeriodsSql, type CoverageOptions, type CoverageSettings } from "./coverage.js";

export interface CohortRetentionOptions extends CoverageOptions {
  /** Analysis date `YYYY-MM-DD` (inclusive); later orders and events are ignored. Required. */
  asOf: string;
  /** Period length; default `"month"`. */
  period?: CohortPeriod;
  /**
   * What defines a cohort: `"acquisition"` (period of the first order, default), `"first_order_promo"`
   * (promo code of the first order, '(none)' without), or a `customers` column (e.g. `"acquisition_channel"`, `"plan"`).
   */
  cohortBy?: string;
  /** Transactions: table name or arquero table with customer_id, order_date, amount (and promo_code); default `"orders"`. */
  transactions?: TransactionsTable;
  /** Ignore customers whose first order is before this day (`YYYY-MM-DD`); default none. */
  firstOrderFrom?: string;
}

/**
 * The cohort retention SQL; bound parameters `$asOf`, `$firstOrderFrom`.
 * Shape (for speed at millions of events): periods since the start are differences of integer
 * period indexes (periodIndexSql); each member row carries its cohort label, so the events are
 * joined to members once and reduced to distinct (cohort, customer, k) without a second join.
 */
export function cohortRetentionSql(
  relation: string,
  options: { period: CohortPeriod; cohortBy: string; hasEvents: boolean; coverage?: CoverageSettings },
): string {
  const { period, cohortBy, hasEvents } = options;
  // Without coverage settings: the order-based view (paying in the period of an order).
  const coverage: CoverageSettings = options.coverage ?? { coverage: "orders", prepaidMonths: 12, columns: { periodMonths: false, prepaid: false } };
  // The period keyword is checked against a whitelist (checkPeriod), so it is written as a literal.
  const p = `'${period}'`;
  const index = (expr: string) => periodIndexSql(period, expr);
  const cohortLabel =
    cohortBy === "acquisition"
      ? periodLabelSql(period, "s.start_period")
      : cohortBy === "first_order_promo"
        ? "coalesce(s.first_promo, '(none)')"
        : `coalesce(CAST(c.${quoteIdent(cohortBy)} AS VARCHAR), '(none)')`;
  const customersJoin = cohortBy === "acquisition" || cohortBy === "first_order_promo" ? "" : "LEFT JOIN customers c USING (customer_id)";
  const firstPromo = cohortBy === "first_order_promo" ? ", arg_min(coalesce(CAST(promo_code AS VARCHAR), '(none)'), order_date) AS first_promo" : "";
  const activity = hasEvents
    ? `active AS (
  SELECT DISTINCT m.cohort, e.customer_id, ${index("e.event_date")} - m.start_index AS k
  FROM events e JOIN members m USING (customer_id)
  WHERE e.event_date <= CAST($asOf AS DATE) AND e.event_date >= m.start_period
),
active_counts AS (SELECT cohort, k, count(*) AS active_customers FROM active GROUP BY ALL),`
    : `active_counts AS (SELECT NULL::VARCHAR AS cohort, NULL::BIGINT AS k, NULL::BIGINT AS active_customers WHERE false),`;
  return `
WITH tx AS (
  SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(order_date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount${cohortBy === "first_order_promo" ? ", promo_code" : ""}
  FROM ${relation} WHERE CAST(order_date AS DATE) <= CAST($asOf AS DATE)
),
starts AS (
  SELECT customer_id, date_trunc(${p}, min(order_date)) AS start_period, ${index("min(order_date)")} AS start_index${firstPromo}
  FROM tx GROUP BY customer_id
  HAVING $firstOrderFrom IS NULL OR min(order_date) >= CAST($firstOrderFrom AS DATE)
),
paid AS (${paidPeriodsSql(relation, period, coverage)}),
per_period AS (
  SELECT p.customer_id, p.period_index - s.start_index AS k, p.revenue
  FROM paid p JOIN starts s USING (customer_id)
),
members AS (
  SELECT s.customer_id, s.start_period, s.start_index, ${cohortLabel} AS cohort,
         ${index("CAST($asOf AS DATE)")} - s.start_index AS max_k,
         coalesce(p.revenue, 0) AS starting_revenue
  FROM starts s ${customersJoin} LEFT JOIN per_period p ON p.customer_id = s.customer_id AND p.k = 0
),
exposure AS (
  SELECT cohort, max_k, min(start_period) AS cohort_start, count(*) AS customers, sum(starting_revenue) AS starting_revenue
  FROM members GROUP BY ALL
),
grid AS (
  SELECT e.cohort, k.k, min(e.cohort_start) AS cohort_start, sum(e.customers) AS cohort_size, sum(e.starting_revenue) AS starting_revenue
  FROM exposure e, LATERAL generate_series(0, e.max_k) AS k(k) GROUP BY ALL
),
retained AS (
  SELECT m.cohort, p.k, count(*) AS retained_customers, sum(p.revenue) AS revenue,
         sum(least(p.revenue, m.starting_revenue)) AS capped_revenue
  FROM per_period p JOIN members m USING (customer_id) GROUP BY ALL
),
${activity}
result AS (
  SELECT g.cohort, CAST(g.cohort_start AS DATE) AS cohort_start, CAST(g.k AS INTEGER) AS period_index,
         CAST(g.cohort_size AS INTEGER) AS cohort_size,
         CAST(coalesce(r.retained_customers, 0) AS INTEGER) AS retained_customers,
         coalesce(r.retained_customers, 0) / g.cohort_size AS customer_retention,
         g.starting_revenue, coalesce(r.revenue, 0) AS revenue,
         CASE WHEN g.starting_revenue > 0 THEN coalesce(r.capped_revenue, 0) / g.starting_revenue END AS gross_revenue_retention,
         CASE WHEN g.starting_revenue > 0 THEN coalesce(r.revenue, 0) / g.starting_revenue END AS net_revenue_retention,
         ${hasEvents ? "CAST(coalesce(a.active_customers, 0) AS INTEGER)" : "CAST(NULL AS INTEGER)"} AS active_customers,
         ${hasEvents ? "coalesce(a.active_customers, 0) / g.cohort_size" : "CAST(NULL AS DOUBLE)"} AS activity_retention
  FROM grid g
  LEFT JOIN retained r ON r.cohort = g.cohort AND r.k = g.k
  LEFT JOIN active_counts a ON a.cohort = g.cohort AND a.k = g.k
)
SELECT * FROM result ORDER BY cohort_start, cohort, period_index`;
}

/**
 * Cohort retention matrix in long form: one row per (cohort, period_index) with cohort_start,
 * cohort_size, retained_customers, customer_retention, starting_revenue, revenue,
 * gross_revenue_retention, net_revenue_retention, active_customers, activity_retention
 * (activity columns null without an `events` table). Gross/net revenue retention for a
 * customer attribute cohort compare each customer with their own first period. Default coverage
 * `"subscription"`: a customer who prepaid 12 months is retained for those 12 months, with 1/12 of
 * the payment as revenue in each; `coverage: "orders"` gives the order-based view.
 *
 * @example
 * const matrix = await cohortRetention(ds, { asOf: "2026-09-30", period: "month" });
 * const byChannel = await cohortRetention(ds, { asOf: "2026-09-30", cohortBy: "acquisition_channel" });
 */
export async function cohortRetention(dataset: Dataset, options: CohortRetentionOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const period = checkPeriod(options.period ?? "month");
  const cohortBy = options.cohortBy ?? "acquisition";
  if (options.firstOrderFrom !== undefined) checkIsoDate(options.firstOrderFrom, "firstOrderFrom");
  if (cohortBy !== "acquisition" && cohortBy !== "first_order_promo" && !dataset.hasColumn("customers", cohortBy)) {
    throw new ParameterError(`cohortBy: the customers table has no column '${cohortBy}'`, { cohortBy });
  }
  const transactions = options.transactions ?? "orders";
  const coverage = await coverageSettings(dataset, transactions, options);
  return withTransactions(dataset, transactions, (relation) => {
    const sql = cohortRetentionSql(relation, { period, cohortBy, hasEvents: dataset.hasTable("events"), coverage });
    return dataset.query(sql, { asOf, firstOrderFrom: options.firstOrderFrom ?? null });
  });
}
