/**
 * A tiny hand-built business for lifecycle tests (expected numbers are derived in each test).
 *
 * customers: a (email, pro), b (paid_search, starter), c (email, pro)
 * orders:    a 2026-01-10 100, 2026-02-10 120, 2026-03-10 100
 *            b 2026-01-25 50,  2026-03-01 20
 *            c 2026-02-05 80,  2026-02-20 20 (promo SPRING), 2026-03-15 100
 * events:    a 2026-01-11, 2026-03-02; c 2026-02-06 (logins)
 */
import { datasetFromRows, type Dataset } from "../../src/data/index.js";

/** The fixture's orders (also passed as an arquero table in transactions tests). */
export const TINY_ORDERS = [
  { order_id: "1", customer_id: "a", order_date: "2026-01-10", amount: 100, promo_code: null },
  { order_id: "2", customer_id: "a", order_date: "2026-02-10", amount: 120, promo_code: null },
  { order_id: "3", customer_id: "a", order_date: "2026-03-10", amount: 100, promo_code: null },
  { order_id: "4", customer_id: "b", order_date: "2026-01-25", amount: 50, promo_code: "SPRING" },
  { order_id: "5", customer_id: "b", order_date: "2026-03-01", amount: 20, promo_code: null },
  { order_id: "6", customer_id: "c", order_date: "2026-02-05", amount: 80, promo_code: null },
  { order_id: "7", customer_id: "c", order_date: "2026-02-20", amount: 20, promo_code: "SPRING" },
  { order_id: "8", customer_id: "c", order_date: "2026-03-15", amount: 100, promo_code: null },
];

export function tinyBusiness(): Promise<Dataset> {
  return datasetFromRows({
    customers: [
      { customer_id: "a", signup_date: "2026-01-05", acquisition_channel: "email_newsletter", plan: "pro" },
      { customer_id: "b", signup_date: "2026-01-20", acquisition_channel: "paid_search", plan: "starter" },
      { customer_id: "c", signup_date: "2026-02-03", acquisition_channel: "email_newsletter", plan: "pro" },
    ],
    orders: TINY_ORDERS,
    events: [
      { customer_id: "a", user_id: "a1", event_date: "2026-01-11", event_type: "login" },
      { customer_id: "a", user_id: "a1", event_date: "2026-03-02", event_type: "login" },
      { customer_id: "c", user_id: "c1", event_date: "2026-02-06", event_type: "login" },
    ],
  });
}
