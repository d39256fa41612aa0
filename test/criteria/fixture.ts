/**
 * A hand-built dataset of five customers whose every feature and cohort is derived by hand below
 * (analysis date 2026-09-30, window (2025-09-30, 2026-09-30]).
 *
 * Buyers: c1, c2, c3 (c4 only ordered in 2024, c5 never ordered).
 *
 * feature                          c1            c2             c3
 * order_count / revenue            2 / 200       1 / 80         1 / 50     (c2's 2026-10-05 order is after as_of)
 * price_paid_vs_list               200/200 = 1   80/100 = 0.8   50/50 = 1
 * promo_used / prepaid             F / T         T / F          F / F
 * touches / sales touches          2 / 1         2 / 2          0 / 0
 * top_of_funnel_entry              T (awareness) F (decision)   NULL (no touches)
 * actual_cac / planned / ratio     50/100 = 0.5  150/100 = 1.5  0/50 = 0
 * self-serve before purchase       5             1              0
 * days_to_first_result             02-01→02-10 = 9   01-15→03-15 = 59   NULL
 * days first touch → purchase      01-01→02-01 = 31  12-01→01-15 = 45   02-01→03-01 = 28
 * trial_before_purchase            F             T              F (demo after purchase)
 * latest_nps                       10            9 (the 3 is after as_of)  NULL
 * seat_growth_pct                  (15-10)/10 = 50   0          NULL
 * departments                      2             1              0
 * positive_reviews (rating >= 4)   1             0              1
 * paying_referrals                 2 (c2, c3)    0              0 (c5 never paid)
 *
 * Cohorts (defaults) -> criteria:  c1 meets all 7 (score 7);
 * c2: paid_after_trial, promoter -> voluntary_decision, success_potential (score 2);
 * c3: no_promotion, full_list_price, fast_conversion (28 < 30), below_planned_cac (0 < 1),
 *     positive_reviewer -> voluntary_decision, purchasing_power, marketing_effectiveness,
 *     brand_promotion (score 4).
 */
import type { Row, TableName } from "../../src/data/index.js";

export const AS_OF = "2026-09-30";

const logins = (customer: string, days: string[]): Row[] => days.map((d) => ({ customer_id: customer, user_id: `${customer}-u1`, event_date: d, event_type: "login" }));

export const FIXTURE: Partial<Record<TableName, Row[]>> = {
  customers: [
    { customer_id: "c1", signup_date: "2025-12-20", first_touch_date: "2026-01-01", industry: "software", company_size: "11-50", region: "EMEA", plan: "pro", acquisition_channel: "email_newsletter", planned_cac: 100, employees: 40 },
    { customer_id: "c2", signup_date: "2025-12-01", first_touch_date: "2025-12-01", industry: "fintech", company_size: "51-200", region: "AMER", plan: "starter", acquisition_channel: "paid_search", planned_cac: 100, employees: 120 },
    { customer_id: "c3", signup_date: "2026-01-20", first_touch_date: "2026-02-01", industry: "software", company_size: "11-50", region: "EMEA", plan: "pro", acquisition_channel: "referral", planned_cac: 50, employees: 20 },
    { customer_id: "c4", signup_date: "2024-06-01", first_touch_date: "2024-06-01", industry: "retail", company_size: "1-10", region: "APAC", plan: "starter", acquisition_channel: "paid_search", planned_cac: 100, employees: 5 },
    { customer_id: "c5", signup_date: "2026-05-01", first_touch_date: "2026-05-01", industry: "retail", company_size: "1-10", region: "APAC", plan: "starter", acquisition_channel: "referral", planned_cac: 100, employees: 3 },
  ],
  orders: [
    { order_id: "o1", customer_id: "c1", order_date: "2026-02-01", amount: 100, list_price: 100, promo_code: null, prepaid: true },
    { order_id: "o2", customer_id: "c1", order_date: "2026-03-01", amount: 100, list_price: 100, promo_code: null, prepaid: false },
    { order_id: "o3", customer_id: "c2", order_date: "2026-01-15", amount: 80, list_price: 100, promo_code: "SPRING", prepaid: false },
    { order_id: "o4", customer_id: "c3", order_date: "2026-03-01", amount: 50, list_price: 50, promo_code: null, prepaid: false },
    { order_id: "o5", customer_id: "c4", order_date: "2024-07-01", amount: 10, list_price: 10, promo_code: null, prepaid: false },
    { order_id: "o6", customer_id: "c2", order_date: "2026-10-05", amount: 100, list_price: 100, promo_code: null, prepaid: true },
  ],
  touches: [
    { customer_id: "c1", touch_date: "2026-01-01", channel: "email_newsletter", touch_type: "marketing", funnel_stage: "awareness", cost: 20 },
    { customer_id: "c1", touch_date: "2026-01-20", channel: "outbound_sales", touch_type: "sales", funnel_stage: "decision", cost: 30 },
    { customer_id: "c2", touch_date: "2025-12-01", channel: "outbound_sales", touch_type: "sales", funnel_stage: "decision", cost: 100 },
    { customer_id: "c2", touch_date: "2026-01-10", channel: "outbound_sales", touch_type: "sales", funnel_stage: "decision", cost: 50 },
  ],
  events: [
    ...logins("c1", ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09"]),
    { customer_id: "c1", user_id: "c1-u1", event_date: "2026-02-10", event_type: "first_result" },
    ...logins("c2", ["2026-01-01"]),
    { customer_id: "c2", user_id: "c2-u1", event_date: "2026-03-15", event_type: "first_result" },
  ],
  trials: [
    { customer_id: "c2", start_date: "2026-01-01", end_date: "2026-01-14", kind: "trial" },
    { customer_id: "c3", start_date: "2026-04-01", end_date: "2026-04-01", kind: "demo" },
  ],
  nps: [
    { customer_id: "c1", response_date: "2026-03-01", score: 6 },
    { customer_id: "c1", response_date: "2026-06-01", score: 10 },
    { customer_id: "c2", response_date: "2026-05-01", score: 9 },
    { customer_id: "c2", response_date: "2026-10-10", score: 3 },
  ],
  seats: [
    { customer_id: "c1", snapshot_date: "2026-02-01", seats: 10 },
    { customer_id: "c1", snapshot_date: "2026-08-01", seats: 15 },
    { customer_id: "c2", snapshot_date: "2026-02-01", seats: 5 },
    { customer_id: "c2", snapshot_date: "2026-08-01", seats: 5 },
  ],
  departments: [
    { customer_id: "c1", department: "sales", start_date: "2026-02-01" },
    { customer_id: "c1", department: "marketing", start_date: "2026-04-01" },
    { customer_id: "c2", department: "finance", start_date: "2026-02-01" },
  ],
  reviews: [
    { customer_id: "c1", review_date: "2026-04-01", site: "g2", rating: 5 },
    { customer_id: "c2", review_date: "2026-04-01", site: "g2", rating: 3 },
    { customer_id: "c3", review_date: "2026-05-01", site: "capterra", rating: 4 },
  ],
  referrals: [
    { referrer_id: "c1", referred_id: "c2", referral_date: "2025-11-01" },
    { referrer_id: "c1", referred_id: "c3", referral_date: "2026-01-10" },
    { referrer_id: "c3", referred_id: "c5", referral_date: "2026-04-20" },
  ],
};

/** The fixture without some tables (to test "not evaluable"). */
export function fixtureWithout(...tables: TableName[]): Partial<Record<TableName, Row[]>> {
  return Object.fromEntries(Object.entries(FIXTURE).filter(([t]) => !tables.includes(t as TableName)));
}
