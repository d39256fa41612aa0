/**
 * Stage 1 of the demo generator: one hidden row per customer (`_demo_c`) with the public
 * attributes and the latent variables every other table is drawn from (quality, readiness, trial,
 * promo, price, lifetime, churn date, activity plan). See demo-signals.ts for the story.
 */
import {
  CHANNEL_MIX,
  INDUSTRY_MIX,
  MONTHLY_CHURN_HAZARD_BY_SIZE,
  MONTHLY_PRICE_BY_PLAN,
  PLANNED_CAC_BY_CHANNEL,
  ACTUAL_CAC_RATIO_BY_CHANNEL,
  REGION_MIX,
  SIZE_CAC_FACTOR,
  SIZE_MIX,
  PLANTED_SIGNALS,
} from "./demo-signals.js";
import { lookup, pickByWeight, pickCategory, qualityEffect } from "./demo-sql-helpers.js";
import { activityPlanCtes } from "./demo-activity.js";

export interface DemoWindow {
  customers: number;
  /** ISO dates, already validated. */
  startDate: string;
  asOf: string;
}

const SIZE_EMPLOYEES: Record<string, [number, number]> = { "1-10": [2, 10], "11-50": [11, 50], "51-200": [51, 200], "201-1000": [201, 1000], "1000+": [1001, 8000] };
const SIZE_SEATS: Record<string, [number, number]> = { "1-10": [1, 5], "11-50": [3, 15], "51-200": [8, 40], "201-1000": [20, 120], "1000+": [50, 400] };
const COUNTRIES: Record<string, string[]> = { EMEA: ["DE", "GB", "FR", "NL", "SE", "ES"], AMER: ["US", "CA", "BR", "MX"], APAC: ["AU", "JP", "SG", "IN"] };
const NAME_A = ["Blue", "North", "Bright", "Iron", "Swift", "Silver", "Green", "Red", "Clear", "Prime", "Nova", "True"];
const NAME_B = ["Harbor", "Peak", "Field", "Stone", "River", "Wave", "Forge", "Path", "Grid", "Leaf", "Point", "Works"];

function rangeExpr(draw: string, bands: Record<string, [number, number]>, column: string): string {
  const branches = Object.entries(bands).map(([band, [low, high]]) => `WHEN '${band}' THEN ${low} + CAST(floor(${draw} * ${high - low + 1}) AS INTEGER)`);
  return `(CASE ${column} ${branches.join(" ")} END)`;
}

function listPick(draw: string, values: string[]): string {
  return `(${`[${values.map((v) => `'${v}'`).join(", ")}]`})[1 + CAST(floor(${draw} * ${values.length}) AS INTEGER)]`;
}

/**
 * The columns of `_demo_c` that later stages read. The intermediate draws stay in the CTEs:
 * materialising a column costs about as much as computing it (measured: 1M rows x 42 doubles,
 * 0.1 s to compute, 2 s to store), and there were 94 stored columns in two tables before.
 */
const DEMO_C_COLUMNS = [
  // customers
  "i", "customer_id", "signup_date", "first_touch_date", "company", "industry", "company_size", "employees", "region", "country",
  "plan", "acquisition_channel", "planned_cac", "q",
  // orders
  "is_buyer", "first_order_date", "prepaid", "lifetime_months", "used_promo", "plan_price", "seat_growth", "negotiated_pct",
  // events, seats, departments, nps, reviews (the activity plan)
  "initial_seats", "purchase_delay_days", "ttv_days", "early_reports", "fade_days", "regular_end", "last_possible_day",
  "n_pre_purchase", "n_regular", "n_slipping", "n_fading",
  // touches, trials
  "n_touches", "readiness", "first_touch_interest", "actual_cac_ratio", "had_trial", "trial_kind",
];

/**
 * SQL creating `_demo_ids` (0 .. customers − 1), the source of `_demo_c`: DuckDB scans a table with
 * all threads, while the range() table function is a single-threaded source.
 */
export function demoIdsSql(customers: number): string {
  return `CREATE OR REPLACE TEMP TABLE _demo_ids AS SELECT i FROM range(${customers}) r(i)`;
}

/** SQL creating `_demo_c`, the hidden per-customer table (customer draws and activity plan). */
export function demoCustomersSql(window: DemoWindow): string {
  const asOf = `DATE '${window.asOf}'`;
  const start = `DATE '${window.startDate}'`;
  const planBySize = `(CASE company_size
      WHEN '1-10' THEN ${pickByWeight("u(i, 14)", [["starter", 0.7], ["pro", 0.3]])}
      WHEN '11-50' THEN ${pickByWeight("u(i, 14)", [["starter", 0.3], ["pro", 0.55], ["business", 0.15]])}
      WHEN '51-200' THEN ${pickByWeight("u(i, 14)", [["pro", 0.45], ["business", 0.45], ["enterprise", 0.1]])}
      WHEN '201-1000' THEN ${pickByWeight("u(i, 14)", [["business", 0.5], ["enterprise", 0.5]])}
      ELSE ${pickByWeight("u(i, 14)", [["business", 0.15], ["enterprise", 0.85]])} END)`;
  const promoChurn = PLANTED_SIGNALS.promotions;
  return `
CREATE OR REPLACE TEMP TABLE _demo_c AS
WITH base AS (
  SELECT i,
    'C' || printf('%07d', i + 1) AS customer_id, -- at least 7 digits: lpad would cut 10,000,000 to 1000000
    -- sqrt: a growing business signs up more customers later in the period.
    ${start} + CAST(floor(sqrt(u(i, 1)) * (${asOf} - ${start} + 1)) AS INTEGER) AS signup_date,
    ${pickCategory("u(i, 2)", CHANNEL_MIX)} AS acquisition_channel,
    ${pickCategory("u(i, 3)", INDUSTRY_MIX)} AS industry,
    ${pickCategory("u(i, 4)", SIZE_MIX)} AS company_size,
    ${pickCategory("u(i, 5)", REGION_MIX)} AS region,
    znorm(i, 6) AS noise
  FROM _demo_ids
), flags AS (
  SELECT *,
    u(i, 10) < ${lookup("acquisition_channel", { organic_search: 0.5, email_newsletter: 0.45, paid_search: 0.3, referral: 0.35, partner: 0.3, events: 0.45, outbound_sales: 0.5 })} AS had_trial,
    CASE WHEN acquisition_channel IN ('outbound_sales', 'events') OR company_size IN ('201-1000', '1000+') THEN 'demo' ELSE 'trial' END AS trial_kind,
    u(i, 11) < ${lookup("acquisition_channel", { paid_search: 0.35, email_newsletter: 0.12 }, 0.08)} AS used_promo,
    ${planBySize} AS plan
  FROM base
), quality AS (
  SELECT *,
    noise + ${qualityEffect("acquisition_channel", CHANNEL_MIX)} + ${qualityEffect("industry", INDUSTRY_MIX)}
      + ${qualityEffect("company_size", SIZE_MIX)} + CASE WHEN had_trial THEN 0.5 ELSE 0 END
      - CASE WHEN used_promo THEN 0.6 ELSE 0 END AS q
  FROM flags
), buying AS (
  SELECT *,
    q + 0.8 * znorm(i, 30) AS readiness,
    NOT had_trial OR u(i, 12) < 0.5 + 0.4 * sigmoid(q) AS converts,
    CASE WHEN had_trial AND trial_kind = 'trial' THEN 14 + CAST(floor(u(i, 13) * 7) AS INTEGER)
         WHEN had_trial THEN 3 + CAST(floor(u(i, 13) * 18) AS INTEGER)
         ELSE CAST(floor(u(i, 13) * u(i, 13) * 30) AS INTEGER) END AS purchase_delay_days,
    u(i, 15) < 0.15 + 0.35 * sigmoid(q) + CASE WHEN company_size IN ('201-1000', '1000+') THEN 0.15 ELSE 0 END AS wants_annual,
    CASE WHEN acquisition_channel IN ('outbound_sales', 'events') AND u(i, 16) < 0.5 THEN round(0.1 + 0.15 * u(i, 17), 2)
         WHEN u(i, 16) < 0.04 THEN 0.1 ELSE 0 END AS negotiated_pct,
    ${lookup("plan", MONTHLY_PRICE_BY_PLAN)} AS plan_price,
    ${rangeExpr("u(i, 18)", SIZE_SEATS, "company_size")} AS initial_seats,
    -- seats grow with quality: up to +125 % for the best, a little shrinkage for the worst.
    -0.15 + 1.4 * sigmoid(2 * (q - 0.3)) * sqrt(u(i, 19)) AS seat_growth,
    CAST(least(120, round(18 * exp(-0.8 * q + 0.5 * znorm(i, 31)))) AS INTEGER) AS ttv_days,
    CAST(floor(u(i, 20) * (1 + 5 * sigmoid(q))) AS INTEGER) AS early_reports
  FROM quality
), lifetimes AS (
  SELECT *,
    signup_date + purchase_delay_days AS first_order_candidate,
    converts AND signup_date + purchase_delay_days <= ${asOf} AS is_buyer,
    wants_annual AND NOT used_promo AS prepaid,
    ${lookup("company_size", MONTHLY_CHURN_HAZARD_BY_SIZE)} * exp(-0.6 * q)
      * CASE WHEN early_reports >= ${PLANTED_SIGNALS.stickPoint.threshold} THEN 0.35 ELSE 1.3 END AS hazard
  FROM buying
), churn AS (
  SELECT *,
    CASE WHEN used_promo AND u(i, 21) < ${promoChurn.churnAfterPromoShare + 0.13} - 0.25 * sigmoid(q) THEN ${promoChurn.discountedPayments}
         ELSE 1 + CAST(floor(ln(un(i, 22)) / ln(1 - least(hazard, 0.9))) AS INTEGER) END AS raw_lifetime_months
  FROM lifetimes
), dated AS (
  SELECT *,
    CASE WHEN is_buyer THEN first_order_candidate END AS first_order_date,
    CASE WHEN prepaid THEN 12 * CAST(ceil(raw_lifetime_months / 12.0) AS INTEGER) ELSE raw_lifetime_months END AS lifetime_months,
    21 + CAST(floor(u(i, 23) * 36) AS INTEGER) AS fade_days
  FROM churn
), customer AS (
SELECT *,
  CASE WHEN is_buyer AND CAST(first_order_date + to_months(lifetime_months) AS DATE) <= ${asOf}
       THEN CAST(first_order_date + to_months(lifetime_months) AS DATE) END AS churn_date,
  ${listPick("u(i, 7)", COUNTRIES.EMEA)} AS country_emea,
  ${listPick("u(i, 7)", COUNTRIES.AMER)} AS country_amer,
  ${listPick("u(i, 7)", COUNTRIES.APAC)} AS country_apac,
  concat(${listPick("u(i, 8)", NAME_A)}, ' ', ${listPick("u(i, 9)", NAME_B)}, ' ', CAST(i + 1 AS VARCHAR)) AS company,
  ${rangeExpr("u(i, 24)", SIZE_EMPLOYEES, "company_size")} AS employees,
  CAST(round(${lookup("acquisition_channel", PLANNED_CAC_BY_CHANNEL)} * ${lookup("company_size", SIZE_CAC_FACTOR)}, 2) AS DOUBLE) AS planned_cac,
  ${lookup("acquisition_channel", ACTUAL_CAC_RATIO_BY_CHANNEL)} * exp(-0.15 * q + 0.25 * znorm(i, 32)) AS actual_cac_ratio,
  -- first touch: good customers move from first touch to purchase faster.
  signup_date - CAST(least(365, floor(40 * exp(-0.7 * q + 0.6 * znorm(i, 33)))) AS INTEGER) AS first_touch_date,
  CAST(1 + floor(u(i, 25) * (2 + 8 * (1 - sigmoid(1.5 * readiness)))) AS INTEGER) AS n_touches,
  u(i, 26) < sigmoid(1.5 * readiness) AS first_touch_interest,
  is_buyer AND u(i, 27) < 0.12 AS slipping_draw
FROM dated
), ${activityPlanCtes(window.asOf)}
SELECT ${DEMO_C_COLUMNS.join(", ")},
FROM (SELECT *, CASE region WHEN 'EMEA' THEN country_emea WHEN 'AMER' THEN country_amer ELSE country_apac END AS country FROM plan)`;
}

/** SQL for the public customers table from `_demo_c`. */
export function customersTableSql(): string {
  return `
CREATE OR REPLACE TABLE customers AS
SELECT customer_id, signup_date, first_touch_date, company, industry, company_size, employees, region,
  country, plan, acquisition_channel, planned_cac,
  round(least(1.0, greatest(0.05, 0.55 + 0.15 * q + 0.2 * (u(i, 28) - 0.5))), 2) AS profile_completeness,
  -- what the account could pay at the top plan with every employee a seat-equivalent user
  round(12 * 1490 * (1 + employees / 100.0), 2) AS max_revenue_potential
FROM _demo_c ORDER BY i`;
}
