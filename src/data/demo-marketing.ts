/**
 * Stage 3 of the demo generator: touches, trials, NPS, reviews, referrals and promotions, drawn from
 * the hidden per-customer table `_demo_c` (see demo-customers.ts, demo-activity.ts).
 */
import { pickByWeight } from "./demo-sql-helpers.js";

const STAGES = ["awareness", "interest", "consideration", "decision"];
const REVIEW_SITES = [["g2", 0.45], ["capterra", 0.3], ["trustradius", 0.15], ["getapp", 0.1]] as const;
/** Quality above which a buyer can refer others (≈ the top 9 % of customers). */
const PROMOTER_QUALITY = 1.5;

/**
 * Touches from the first touch to the purchase (or the end of the trial for non-buyers). Their
 * costs add up to the customer's actual CAC = planned CAC × the channel's actual/planned ratio.
 */
export function touchesTableSql(asOf: string): string {
  return `
CREATE OR REPLACE TABLE touches AS
WITH windows AS (
  SELECT *, coalesce(first_order_date, least(signup_date + 14, DATE '${asOf}')) AS touch_end
  FROM _demo_c
), rows AS (
  SELECT *, unnest(range(n_touches)) AS k FROM windows
), typed AS (
  SELECT *,
    CASE WHEN acquisition_channel IN ('outbound_sales', 'events') THEN (k = 0 AND acquisition_channel = 'outbound_sales') OR u2(i, k, 90) < 0.6
         ELSE k > 0 AND u2(i, k, 90) < 0.1 + 0.3 * (1 - sigmoid(readiness)) END AS is_sales
  FROM rows
)
SELECT customer_id,
  first_touch_date + CAST(floor(k * (touch_end - first_touch_date) / n_touches) AS INTEGER) AS touch_date,
  CASE WHEN is_sales THEN 'outbound_sales'
       WHEN k = 0 OR u2(i, k, 91) < 0.6 THEN acquisition_channel
       ELSE ${pickByWeight("u2(i, k, 92)", [["email_newsletter", 0.4], ["paid_search", 0.3], ["organic_search", 0.3]])} END AS channel,
  CASE WHEN is_sales THEN 'sales' ELSE 'marketing' END AS touch_type,
  ([${STAGES.map((s) => `'${s}'`).join(", ")}])[1 + least(3, CASE WHEN first_touch_interest THEN 1 ELSE 0 END + CAST(floor(k * 4.0 / n_touches) AS INTEGER))] AS funnel_stage,
  round(planned_cac * actual_cac_ratio / n_touches, 2) AS cost
FROM typed ORDER BY i, k`;
}

/** Trials (14 days, null end while running) and demos (one day). */
export function trialsTableSql(asOf: string): string {
  return `
CREATE OR REPLACE TABLE trials AS
SELECT customer_id, signup_date AS start_date,
  CASE WHEN trial_kind = 'demo' THEN signup_date
       WHEN signup_date + 14 <= DATE '${asOf}' THEN signup_date + 14 END AS end_date,
  trial_kind AS kind
FROM _demo_c WHERE had_trial ORDER BY i`;
}

/** One NPS response from 45 % of buyers, 45+ days after the first payment; score rises with quality. */
export function npsTableSql(): string {
  return `
CREATE OR REPLACE TABLE nps AS
WITH responding AS (
  SELECT *, first_order_date + 45 + CAST(floor(u(i, 61) * greatest(0, last_possible_day - first_order_date - 45)) AS INTEGER) AS response_date
  FROM _demo_c WHERE is_buyer AND u(i, 60) < 0.45
)
SELECT customer_id, response_date,
  CAST(least(10, greatest(0, round(7.2 + 1.8 * q + 1.2 * znorm(i, 62)))) AS INTEGER) AS score
FROM responding WHERE response_date <= last_possible_day ORDER BY i`;
}

/** External reviews: likelier and better from good customers (4 % → 29 %), some unhappy ones. */
export function reviewsTableSql(): string {
  return `
CREATE OR REPLACE TABLE reviews AS
WITH reviewing AS (
  SELECT *, first_order_date + 30 + CAST(floor(u(i, 64) * greatest(0, last_possible_day - first_order_date - 30)) AS INTEGER) AS review_date
  FROM _demo_c WHERE is_buyer AND u(i, 63) < 0.04 + 0.25 * sigmoid(2 * (q - 1))
)
SELECT customer_id, review_date,
  ${pickByWeight("u(i, 66)", REVIEW_SITES)} AS site,
  CAST(least(5, greatest(1, round(3.2 + 0.9 * q + 0.8 * znorm(i, 65)))) AS DOUBLE) AS rating
FROM reviewing WHERE review_date <= last_possible_day ORDER BY i`;
}

/**
 * Referrals: every customer acquired through 'referral' was referred by a promoter (a high-quality
 * buyer who had paid before the referred customer signed up), drawn uniformly among those.
 */
export function referralsSql(): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE _demo_promoters AS
     SELECT customer_id, first_order_date, row_number() OVER (ORDER BY first_order_date, i) AS promoter_rank
     FROM _demo_c WHERE is_buyer AND q > ${PROMOTER_QUALITY}`,
    // Promoters who had paid by the end of each day: one row per day, so the ASOF join is unambiguous.
    `CREATE OR REPLACE TEMP TABLE _demo_promoters_by_day AS
     SELECT first_order_date AS day, max(promoter_rank) AS promoters_so_far FROM _demo_promoters GROUP BY 1`,
    `CREATE OR REPLACE TABLE referrals AS
     WITH referred AS (SELECT i, customer_id, signup_date FROM _demo_c WHERE acquisition_channel = 'referral'),
     counted AS (
       SELECT r.*, d.promoters_so_far FROM referred r ASOF JOIN _demo_promoters_by_day d ON r.signup_date > d.day
     )
     SELECT p.customer_id AS referrer_id, c.customer_id AS referred_id, c.signup_date AS referral_date
     FROM counted c JOIN _demo_promoters p ON p.promoter_rank = 1 + CAST(floor(u(c.i, 70) * c.promoters_so_far) AS BIGINT)
     ORDER BY c.i`,
  ];
}

/** One promotion per quarter (code SAVE<year>Q<quarter>, 20/30/40 % off the first payments). */
export function promotionsTableSql(startDate: string, asOf: string): string {
  return `
CREATE OR REPLACE TABLE promotions AS
WITH quarters AS (
  SELECT CAST(unnest(range(CAST(date_trunc('quarter', DATE '${startDate}') AS TIMESTAMP), CAST(DATE '${asOf}' + 1 AS TIMESTAMP), INTERVAL 3 MONTH)) AS DATE) AS start_date
)
SELECT 'SAVE' || year(start_date) || 'Q' || quarter(start_date) AS promo_code,
  'New-customer offer ' || year(start_date) || ' Q' || quarter(start_date) AS name,
  start_date,
  CAST(start_date + INTERVAL 3 MONTH AS DATE) - 1 AS end_date,
  CAST(20 + 10 * ((year(start_date) * 4 + quarter(start_date)) % 3) AS DOUBLE) AS discount_pct
FROM quarters ORDER BY start_date`;
}
