/**
 * The built-in per-buyer features. Each is a named, typed SQL expression over the data model
 * (src/data/schema.ts) with the tables/columns it needs. "Before purchase" means on or before the
 * buyer's first order date (`o.first_order_date`); nothing after the analysis date is read.
 *
 * Buyers are customers with at least one order in the observation window
 * (window_start, as_of] — see compile.ts.
 */
import type { FeatureDef } from "./types.js";

/** Names of the built-in features (also the column names of the evaluation table). */
export type FeatureId =
  | "first_order_date" | "last_order_date" | "first_promo_code" | "order_count" | "revenue" | "promo_used" | "price_paid_vs_list" | "prepaid" | "repeat_buyer"
  | "industry" | "company_size" | "region" | "country" | "plan" | "acquisition_channel"
  | "employees" | "profile_completeness" | "max_revenue_potential" | "planned_cac" | "days_first_touch_to_purchase"
  | "touches_before_purchase" | "sales_touches_before_purchase" | "top_of_funnel_entry" | "actual_cac"
  | "self_serve_actions_before_purchase" | "days_to_first_result" | "events_in_window"
  | "trial_before_purchase" | "latest_nps" | "seat_growth_pct" | "departments" | "positive_reviews" | "paying_referrals"
  | "cac_vs_planned";

const attribute = (column: string, type: FeatureDef["type"], description: string): FeatureDef => ({
  description, type, stage: "customer", sql: `c.${column}`, needs: [{ table: "customers", column }],
});

/** The feature registry, in evaluation-table column order. */
export const FEATURES: Record<FeatureId, FeatureDef> = {
  first_order_date: { description: "Day of the buyer's first order.", type: "DATE", stage: "orders", sql: "min(t.order_date)", needs: [{ table: "orders", column: "order_date" }] },
  last_order_date: { description: "Day of the buyer's latest order up to the analysis date.", type: "DATE", stage: "orders", sql: "max(t.order_date)", needs: [{ table: "orders", column: "order_date" }] },
  first_promo_code: { description: "Promo code of the first order (null if none): the promotion that brought the customer.", type: "VARCHAR", stage: "orders", sql: "arg_min(t.promo_code, t.order_date)", needs: [{ table: "orders", column: "promo_code" }] },
  order_count: { description: "Orders up to the analysis date.", type: "INTEGER", stage: "orders", sql: "CAST(count(*) AS INTEGER)", needs: [{ table: "orders" }] },
  revenue: { description: "Amount paid up to the analysis date (before refunds).", type: "DOUBLE", stage: "orders", sql: "sum(t.amount)", needs: [{ table: "orders", column: "amount" }] },
  promo_used: { description: "Any order used a promo/discount code.", type: "BOOLEAN", stage: "orders", sql: "bool_or(t.promo_code IS NOT NULL)", needs: [{ table: "orders", column: "promo_code" }] },
  price_paid_vs_list: { description: "Amount paid / list price over all orders (1 = full list price).", type: "DOUBLE", stage: "orders", sql: "sum(t.amount) / nullif(sum(t.list_price), 0)", needs: [{ table: "orders", column: "list_price" }] },
  prepaid: { description: "Any order was paid in advance (annual upfront, prepayment).", type: "BOOLEAN", stage: "orders", sql: "coalesce(bool_or(t.prepaid), false)", needs: [{ table: "orders", column: "prepaid" }] },
  repeat_buyer: { description: "Paid more than once (a regular: renewal or repeat purchase).", type: "BOOLEAN", stage: "orders", sql: "count(*) >= 2", needs: [{ table: "orders" }] },

  industry: attribute("industry", "VARCHAR", "Industry of the buying company."),
  company_size: attribute("company_size", "VARCHAR", "Company size band."),
  region: attribute("region", "VARCHAR", "Sales region."),
  country: attribute("country", "VARCHAR", "Country code."),
  plan: attribute("plan", "VARCHAR", "Plan."),
  acquisition_channel: attribute("acquisition_channel", "VARCHAR", "Acquisition channel."),
  employees: attribute("employees", "INTEGER", "Employee count."),
  profile_completeness: attribute("profile_completeness", "DOUBLE", "Share of the profile filled in, 0..1."),
  max_revenue_potential: attribute("max_revenue_potential", "DOUBLE", "Estimated maximum yearly revenue."),
  planned_cac: attribute("planned_cac", "DOUBLE", "Planned acquisition cost for the customer's channel."),
  days_first_touch_to_purchase: {
    description: "Days from the first marketing touch to the first order.", type: "INTEGER", stage: "customer",
    sql: "date_diff('day', c.first_touch_date, o.first_order_date)", needs: [{ table: "customers", column: "first_touch_date" }],
  },

  touches_before_purchase: {
    description: "Marketing and sales touches on or before the first order.", type: "INTEGER", stage: "table", table: "touches", key: "customer_id", dateColumn: "touch_date",
    sql: "CAST(count(*) FILTER (WHERE t.touch_date <= o.first_order_date) AS INTEGER)", whenNoRows: "0", needs: [{ table: "touches", column: "touch_date" }],
  },
  sales_touches_before_purchase: {
    description: "Sales contacts (touch_type = 'sales') on or before the first order: the sales pressure needed.", type: "INTEGER", stage: "table", table: "touches", key: "customer_id", dateColumn: "touch_date",
    sql: "CAST(count(*) FILTER (WHERE t.touch_date <= o.first_order_date AND t.touch_type = 'sales') AS INTEGER)", whenNoRows: "0", needs: [{ table: "touches", column: "touch_type" }],
  },
  top_of_funnel_entry: {
    // "Showed interest at the first funnel stage": the earliest touch was at awareness/interest,
    // i.e. the buyer entered at the top of the funnel rather than being pushed in at decision.
    description: "The first touch was at the awareness or interest stage.", type: "BOOLEAN", stage: "table", table: "touches", key: "customer_id", dateColumn: "touch_date",
    sql: "arg_min(t.funnel_stage, t.touch_date) IN ('awareness', 'interest')", needs: [{ table: "touches", column: "funnel_stage" }],
  },
  actual_cac: {
    description: "Cost of the touches on or before the first order (actual acquisition cost).", type: "DOUBLE", stage: "table", table: "touches", key: "customer_id", dateColumn: "touch_date",
    sql: "coalesce(sum(t.cost) FILTER (WHERE t.touch_date <= o.first_order_date), 0)", whenNoRows: "0", needs: [{ table: "touches", column: "cost" }],
  },
  self_serve_actions_before_purchase: {
    description: "Product events before the first order (self-serve work before paying).", type: "INTEGER", stage: "table", table: "events", key: "customer_id", dateColumn: "event_date",
    sql: "CAST(count(*) FILTER (WHERE t.event_date < o.first_order_date AND t.event_type <> 'first_result') AS INTEGER)", whenNoRows: "0", needs: [{ table: "events", column: "event_type" }],
  },
  days_to_first_result: {
    description: "Days from the first payment to the first 'first_result' event (time to value).", type: "INTEGER", stage: "table", table: "events", key: "customer_id", dateColumn: "event_date",
    sql: "date_diff('day', any_value(o.first_order_date), min(t.event_date) FILTER (WHERE t.event_type = 'first_result'))", needs: [{ table: "events", column: "event_type" }],
  },
  events_in_window: {
    description: "Product events in the observation window (health/activity).", type: "INTEGER", stage: "table", table: "events", key: "customer_id", dateColumn: "event_date",
    sql: "CAST(count(*) FILTER (WHERE t.event_date > {window_start}) AS INTEGER)", whenNoRows: "0", needs: [{ table: "events", column: "event_date" }],
  },
  trial_before_purchase: {
    description: "Used a trial or demo that started on or before the first order.", type: "BOOLEAN", stage: "table", table: "trials", key: "customer_id", dateColumn: "start_date",
    sql: "bool_or(t.start_date <= o.first_order_date)", whenNoRows: "false", needs: [{ table: "trials", column: "start_date" }],
  },
  latest_nps: {
    description: "Most recent NPS score (0..10).", type: "INTEGER", stage: "table", table: "nps", key: "customer_id", dateColumn: "response_date",
    sql: "CAST(arg_max(t.score, t.response_date) AS INTEGER)", needs: [{ table: "nps", column: "score" }],
  },
  seat_growth_pct: {
    // (last - first) / first * 100 over the snapshots up to the analysis date.
    description: "Growth of active seats from the first to the latest snapshot, in percent.", type: "DOUBLE", stage: "table", table: "seats", key: "customer_id", dateColumn: "snapshot_date",
    sql: "100.0 * (arg_max(t.seats, t.snapshot_date) - arg_min(t.seats, t.snapshot_date)) / nullif(arg_min(t.seats, t.snapshot_date), 0)", needs: [{ table: "seats", column: "seats" }],
  },
  departments: {
    description: "Distinct departments using the product.", type: "INTEGER", stage: "table", table: "departments", key: "customer_id",
    sql: "CAST(count(DISTINCT t.department) AS INTEGER)", whenNoRows: "0", needs: [{ table: "departments", column: "department" }],
  },
  positive_reviews: {
    description: "External reviews with rating >= positive_rating_min (default 4).", type: "INTEGER", stage: "table", table: "reviews", key: "customer_id", dateColumn: "review_date",
    sql: "CAST(count(*) FILTER (WHERE t.rating >= {positive_rating_min}) AS INTEGER)", whenNoRows: "0", needs: [{ table: "reviews", column: "rating" }],
  },
  paying_referrals: {
    description: "Referred customers who paid (an order up to the analysis date).", type: "INTEGER", stage: "table", table: "referrals", key: "referrer_id",
    sql: "CAST(count(DISTINCT t.referred_id) FILTER (WHERE t.referred_id IN (SELECT p.customer_id FROM {order_facts} p)) AS INTEGER)", whenNoRows: "0",
    needs: [{ table: "referrals", column: "referred_id" }],
  },
  cac_vs_planned: {
    description: "Actual / planned acquisition cost (< 1: cheaper than planned).", type: "DOUBLE", stage: "derived",
    sql: "actual_cac / nullif(planned_cac, 0)", needs: [{ table: "touches", column: "cost" }, { table: "customers", column: "planned_cac" }],
  },
};

/** Categorical customer attributes the portrait compares by default. */
export const CATEGORICAL_ATTRIBUTES: FeatureId[] = ["industry", "company_size", "region", "acquisition_channel", "plan"];

/** Numeric attributes the portrait compares by default (distributions side by side). */
export const NUMERIC_ATTRIBUTES: FeatureId[] = ["employees", "revenue", "order_count", "events_in_window", "days_to_first_result", "days_first_touch_to_purchase", "seat_growth_pct"];
