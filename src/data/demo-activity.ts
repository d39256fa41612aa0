/**
 * Stage 2 of the demo generator: orders, events, seats and departments, drawn from the hidden
 * per-customer table `_demo_c` (demo-customers.ts, which also holds the activity plan below). Each
 * row k of a customer draws its randomness from `u2(i, k, salt)`, so the output does not depend on
 * thread count or processing order.
 */
import { PLANTED_SIGNALS } from "./demo-signals.js";
import { pickByWeight } from "./demo-sql-helpers.js";

const REGULAR_EVENT_MIX = [
  ["login", 0.45], ["report_created", 0.13], ["dashboard_shared", 0.08], ["integration_connected", 0.03],
  ["invite_sent", 0.06], ["export", 0.1], ["api_call", 0.15],
] as const;
const PRE_PURCHASE_EVENT_MIX = [["login", 0.45], ["report_created", 0.3], ["dashboard_shared", 0.1], ["export", 0.15]] as const;
const DEPARTMENTS = ["engineering", "sales", "marketing", "finance", "operations", "support", "hr"];

/** Payments: monthly (k = month) or annual prepaid (k = year), promo discounts on the first payments. */
export function ordersTableSql(asOf: string): string {
  const discounted = PLANTED_SIGNALS.promotions.discountedPayments;
  return `
CREATE OR REPLACE TABLE orders AS
WITH paying AS (
  SELECT *,
    date_diff('month', first_order_date, DATE '${asOf}')
      - CASE WHEN CAST(first_order_date + to_months(date_diff('month', first_order_date, DATE '${asOf}')) AS DATE) > DATE '${asOf}' THEN 1 ELSE 0 END AS months_to_as_of
  FROM _demo_c WHERE is_buyer
), counted AS (
  SELECT *, CASE WHEN prepaid THEN least(lifetime_months // 12, months_to_as_of // 12 + 1)
                 ELSE least(lifetime_months, months_to_as_of + 1) END AS n_payments
  FROM paying
), rows AS (
  SELECT *, unnest(range(n_payments)) AS k FROM counted
), priced AS (
  SELECT *,
    CASE WHEN prepaid THEN 12 * k ELSE k END AS months_in,
    used_promo AND NOT prepaid AND k < ${discounted} AS promo_applies,
    20 + 10 * ((year(first_order_date) * 4 + quarter(first_order_date)) % 3) AS promo_pct
  FROM rows
), amounts AS (
  SELECT *,
    -- expansion/contraction: the price follows seat growth over the first year
    round(plan_price * CASE WHEN prepaid THEN 10 ELSE 1 END * (1 + seat_growth * least(months_in / 12.0, 1.0)), 2) AS list_price
  FROM priced
)
SELECT concat('O', substr(customer_id, 2), '-', printf('%03d', k)) AS order_id, -- customer_id = 'C' || the padded number; at least 3 digits, never cut
  customer_id,
  CAST(first_order_date + to_months(CAST(months_in AS INTEGER)) AS DATE) AS order_date,
  round(list_price * (1 - CASE WHEN promo_applies THEN promo_pct / 100.0 ELSE negotiated_pct END), 2) AS amount,
  list_price,
  CASE WHEN promo_applies THEN 'SAVE' || year(first_order_date) || 'Q' || quarter(first_order_date) END AS promo_code,
  prepaid,
  -- months of service this payment covers (lifecycle coverage): annual prepaid 12, monthly 1
  CAST(CASE WHEN prepaid THEN 12 ELSE 1 END AS INTEGER) AS period_months,
  CASE WHEN u2(i, k, 40) < 0.01
       THEN round(list_price * (1 - CASE WHEN promo_applies THEN promo_pct / 100.0 ELSE negotiated_pct END) * CASE WHEN u2(i, k, 41) < 0.5 THEN 1 ELSE 0.5 END, 2)
       ELSE 0 END AS refunded_amount,
  plan AS product
FROM amounts ORDER BY i, k`;
}

/**
 * The per-customer activity plan (the windows and counts of each kind of event) as CTEs `windows`,
 * `ends`, `plan` over a preceding CTE named `customer`: demo-customers.ts appends them to its
 * chain, so the plan is materialised once, with the customer columns, in `_demo_c`.
 */
export function activityPlanCtes(asOf: string): string {
  const slip = PLANTED_SIGNALS.activity;
  return `windows AS (
  SELECT *,
    is_buyer AND slipping_draw AND churn_date IS NULL AND first_order_date <= DATE '${asOf}' - 365 AS slipping,
    -- about one event every five weeks for an average account (≈10 events per customer overall), more for good and larger ones
    0.45 * exp(0.35 * q) * (1 + ln(initial_seats) / 4) AS events_per_30_days
  FROM customer
), ends AS (
  SELECT *,
    CASE WHEN NOT is_buyer THEN NULL
         WHEN churn_date IS NOT NULL THEN greatest(first_order_date, churn_date - fade_days)
         WHEN slipping THEN DATE '${asOf}' - 90
         ELSE DATE '${asOf}' END AS regular_end
  FROM windows
), plan AS (
SELECT *,
  CASE WHEN is_buyer THEN CAST(round(events_per_30_days * (regular_end - first_order_date) / 30.0 * (0.7 + 0.6 * u(i, 50))) AS INTEGER) ELSE 0 END AS n_regular,
  CASE WHEN slipping THEN CAST(round(${slip.slippingActivityFactor} * events_per_30_days * 3 * (0.7 + 0.6 * u(i, 51))) AS INTEGER) ELSE 0 END AS n_slipping,
  CASE WHEN churn_date IS NOT NULL THEN CAST(floor(u(i, 52) * 3) AS INTEGER) ELSE 0 END AS n_fading,
  CASE WHEN is_buyer AND purchase_delay_days > 0 THEN CAST(floor((0.5 + 9 * sigmoid(1.5 * readiness)) * u(i, 53)) AS INTEGER)
       WHEN had_trial AND NOT is_buyer THEN CAST(floor(6 * u(i, 53)) AS INTEGER)
       ELSE 0 END AS n_pre_purchase,
  least(coalesce(churn_date - 1, DATE '${asOf}'), DATE '${asOf}') AS last_possible_day
FROM ends
)`;
}

/** Events: pre-purchase self-serve, first_result, early reports (the stick point), regular, slipping, fading. */
export function eventsTableSql(asOf: string): string {
  const user = (salt: number) => `concat(customer_id, '-u', CAST(1 + CAST(floor(u2(i, k, ${salt}) * initial_seats) AS INTEGER) AS VARCHAR))`;
  const stick = PLANTED_SIGNALS.stickPoint;
  return `
CREATE OR REPLACE TABLE events AS
WITH pre AS (
  SELECT i, k, 1 AS part, customer_id, ${user(60)} AS user_id,
    signup_date + CAST(floor(u2(i, k, 61) * greatest(purchase_delay_days, 1)) AS INTEGER) AS event_date,
    ${pickByWeight("u2(i, k, 62)", PRE_PURCHASE_EVENT_MIX)} AS event_type
  FROM (SELECT *, unnest(range(n_pre_purchase)) AS k FROM _demo_c)
), first_result AS (
  SELECT i, 0 AS k, 2 AS part, customer_id, customer_id || '-u1' AS user_id, first_order_date + ttv_days AS event_date, 'first_result' AS event_type
  FROM _demo_c WHERE is_buyer AND first_order_date + ttv_days <= last_possible_day
), early AS (
  SELECT i, k, 3 AS part, customer_id, ${user(63)} AS user_id,
    first_order_date + CAST(floor(u2(i, k, 64) * ${stick.withinDays}) AS INTEGER) AS event_date, 'report_created' AS event_type
  FROM (SELECT *, unnest(range(early_reports)) AS k FROM _demo_c WHERE is_buyer)
), regular AS (
  SELECT i, k, 4 AS part, customer_id, ${user(65)} AS user_id,
    first_order_date + CAST(floor(u2(i, k, 66) * (regular_end - first_order_date + 1)) AS INTEGER) AS event_date,
    ${pickByWeight("u2(i, k, 67)", REGULAR_EVENT_MIX)} AS event_type
  FROM (SELECT *, unnest(range(n_regular)) AS k FROM _demo_c)
), slipping AS (
  SELECT i, k, 5 AS part, customer_id, ${user(68)} AS user_id,
    regular_end + 1 + CAST(floor(u2(i, k, 69) * 90) AS INTEGER) AS event_date,
    ${pickByWeight("u2(i, k, 70)", REGULAR_EVENT_MIX)} AS event_type
  FROM (SELECT *, unnest(range(n_slipping)) AS k FROM _demo_c)
), fading AS (
  SELECT i, k, 6 AS part, customer_id, ${user(71)} AS user_id,
    regular_end + 1 + CAST(floor(u2(i, k, 72) * greatest(fade_days - 7, 1)) AS INTEGER) AS event_date,
    'login' AS event_type
  FROM (SELECT *, unnest(range(n_fading)) AS k FROM _demo_c)
), all_events AS (
  SELECT * FROM pre UNION ALL SELECT * FROM first_result UNION ALL SELECT * FROM early
  UNION ALL SELECT * FROM regular UNION ALL SELECT * FROM slipping UNION ALL SELECT * FROM fading
)
SELECT customer_id, user_id, event_date, event_type
FROM all_events WHERE event_date <= DATE '${asOf}'
ORDER BY i, event_date, part, k`;
}

/** Quarterly seat snapshots from the first order while the customer is active. */
export function seatsTableSql(): string {
  return `
CREATE OR REPLACE TABLE seats AS
WITH snaps AS (
  SELECT *, unnest(range(CAST((last_possible_day - first_order_date) // 91 + 1 AS BIGINT))) AS k
  FROM _demo_c WHERE is_buyer AND last_possible_day >= first_order_date
)
SELECT customer_id, first_order_date + CAST(91 * k AS INTEGER) AS snapshot_date,
  CAST(greatest(1, round(initial_seats * (1 + seat_growth * least(91 * k / 365.0, 1.0)) + 2 * (u2(i, k, 80) - 0.5))) AS INTEGER) AS seats
FROM snaps ORDER BY i, k`;
}

/** Departments using the product: good customers spread to more departments over time. */
export function departmentsTableSql(): string {
  return `
CREATE OR REPLACE TABLE departments AS
WITH counted AS (
  SELECT *, CAST(least(5, 1 + floor(u(i, 81) * (1 + 3.5 * sigmoid(2 * (q - 0.5))))) AS BIGINT) AS n_departments,
    CAST(floor(u(i, 82) * 7) AS INTEGER) AS first_department
  FROM _demo_c WHERE is_buyer
), rows AS (
  SELECT *, unnest(range(n_departments)) AS k FROM counted
)
SELECT customer_id,
  ([${DEPARTMENTS.map((d) => `'${d}'`).join(", ")}])[1 + ((first_department + CAST(k AS INTEGER)) % 7)] AS department,
  first_order_date + CAST(k * (30 + floor(u2(i, k, 83) * 120)) AS INTEGER) AS start_date
FROM rows
WHERE first_order_date + CAST(k * (30 + floor(u2(i, k, 83) * 120)) AS INTEGER) <= last_possible_day
ORDER BY i, k`;
}
