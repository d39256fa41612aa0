/**
 * The per-account feature table for the churn tree, computed in DuckDB at a snapshot date S: only data
 * up to S feeds the features; the label looks at (S, S + horizonDays]. Accounts in scope: signed up by
 * S and active (an event or an order) in the `lookbackDays` before S.
 *
 * Features (NULL when the source table/column is absent): profile_completeness, seats (latest
 * snapshot <= S), events_30d, events_prev_30d, activity_trend = (events_30d + 1) / (events_prev_30d + 1),
 * logins_30d, active_users_30d, tenure_days, orders_90d, revenue_90d, days_since_last_activity, plan.
 * Label: churned = no event and no order in (S, S + horizonDays].
 */
import type { Dataset } from "../data/index.js";
import { queryColumnArrays, type ColumnArrays } from "./sqlArrays.js";

export interface ChurnFeatureOptions {
  /** Snapshot day `YYYY-MM-DD`. */
  snapshot: string;
  /** Label horizon in days; default 30. */
  horizonDays?: number;
  /** An account is in scope when active in this many days before the snapshot; default 90. */
  lookbackDays?: number;
}

/** Numeric feature names, in column order. */
export const CHURN_NUMERIC_FEATURES = [
  "profile_completeness",
  "seats",
  "events_30d",
  "events_prev_30d",
  "activity_trend",
  "logins_30d",
  "active_users_30d",
  "tenure_days",
  "orders_90d",
  "revenue_90d",
  "days_since_last_activity",
] as const;

/** SQL of the feature table (bound `$snapshot`, `$horizonDays`, `$lookbackDays`). */
export function churnFeaturesSql(dataset: Dataset): string {
  const hasEvents = dataset.hasTable("events");
  const events = hasEvents ? "events" : "(SELECT NULL::VARCHAR AS customer_id, NULL::VARCHAR AS user_id, NULL::DATE AS event_date, NULL::VARCHAR AS event_type WHERE false)";
  const completeness = dataset.hasColumn("customers", "profile_completeness") ? "c.profile_completeness" : "NULL";
  const plan = dataset.hasColumn("customers", "plan") ? "c.plan" : "NULL";
  const seats = dataset.hasTable("seats")
    ? "(SELECT arg_max(s.seats, s.snapshot_date) FROM seats s WHERE s.customer_id = c.customer_id AND s.snapshot_date <= S.d)"
    : "NULL";
  return `
WITH S AS (SELECT CAST($snapshot AS DATE) AS d),
activity AS (
  SELECT customer_id, event_date AS day, user_id, event_type FROM ${events}
  UNION ALL SELECT customer_id, order_date, NULL, NULL FROM orders
),
past AS (
  SELECT a.customer_id,
    count(*) FILTER (WHERE a.event_type IS NOT NULL AND a.day > S.d - 30) AS events_30d,
    count(*) FILTER (WHERE a.event_type IS NOT NULL AND a.day > S.d - 60 AND a.day <= S.d - 30) AS events_prev_30d,
    count(*) FILTER (WHERE a.event_type = 'login' AND a.day > S.d - 30) AS logins_30d,
    count(DISTINCT a.user_id) FILTER (WHERE a.day > S.d - 30) AS active_users_30d,
    max(a.day) AS last_day
  FROM activity a, S WHERE a.day <= S.d GROUP BY a.customer_id
),
future AS (
  SELECT DISTINCT a.customer_id FROM activity a, S WHERE a.day > S.d AND a.day <= S.d + CAST($horizonDays AS INTEGER)
),
recent_orders AS (
  SELECT o.customer_id, count(*) AS orders_90d, sum(o.amount) AS revenue_90d FROM orders o, S
  WHERE o.order_date <= S.d AND o.order_date > S.d - 90 GROUP BY o.customer_id
)
SELECT c.customer_id,
  CAST(${completeness} AS DOUBLE) AS profile_completeness,
  CAST(${seats} AS DOUBLE) AS seats,
  CAST(p.events_30d AS DOUBLE) AS events_30d,
  CAST(p.events_prev_30d AS DOUBLE) AS events_prev_30d,
  (p.events_30d + 1.0) / (p.events_prev_30d + 1.0) AS activity_trend,
  CAST(p.logins_30d AS DOUBLE) AS logins_30d,
  CAST(p.active_users_30d AS DOUBLE) AS active_users_30d,
  CAST(date_diff('day', c.signup_date, S.d) AS DOUBLE) AS tenure_days,
  CAST(coalesce(r.orders_90d, 0) AS DOUBLE) AS orders_90d,
  CAST(coalesce(r.revenue_90d, 0) AS DOUBLE) AS revenue_90d,
  CAST(date_diff('day', p.last_day, S.d) AS DOUBLE) AS days_since_last_activity,
  coalesce(CAST(${plan} AS VARCHAR), '(none)') AS plan,
  CAST(f.customer_id IS NULL AS DOUBLE) AS churned
FROM customers c CROSS JOIN S
JOIN past p ON p.customer_id = c.customer_id
LEFT JOIN future f ON f.customer_id = c.customer_id
LEFT JOIN recent_orders r ON r.customer_id = c.customer_id
WHERE c.signup_date <= S.d AND p.last_day > S.d - CAST($lookbackDays AS INTEGER)
ORDER BY c.customer_id`;
}

/**
 * The feature table at a snapshot as typed arrays (numbers: the numeric features and `churned`;
 * strings: customer_id, plan).
 *
 * @example
 * const features = await churnFeatures(ds, { snapshot: "2026-06-30", horizonDays: 30 });
 */
export async function churnFeatures(dataset: Dataset, options: ChurnFeatureOptions): Promise<ColumnArrays> {
  return queryColumnArrays(
    dataset,
    churnFeaturesSql(dataset),
    { snapshot: options.snapshot, horizonDays: options.horizonDays ?? 30, lookbackDays: options.lookbackDays ?? 90 },
    [...CHURN_NUMERIC_FEATURES, "churned"],
    ["customer_id", "plan"],
  );
}
