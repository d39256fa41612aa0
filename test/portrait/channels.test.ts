/**
 * Channel and promotion retention on a hand-built fixture where "retained" is worked out by hand
 * under both rules (src/portrait/retention.ts). Analysis date 2026-09-30; criteria window
 * (2025-09-30, 2026-09-30], so every customer below is a buyer.
 *
 * buyer channel       orders (date, period_months, promo)                  covers Sep 2026?  last order > 08-16?
 * a1    email         2026-01-15, 12                                       yes (Jan–Dec)     no
 * a2    email         2026-08-10, 1, SUMMER; 2026-09-10, 1                 yes (Sep order)   yes
 * a3    paid_search   2026-08-20, 1, SUMMER; 2026-10-02, 1 (after as_of)   no (Aug only)     yes
 * a4    paid_search   2026-07-01, 3                                        yes (Jul–Sep)     no
 * a5    paid_search   2025-10-01, 12                                       yes (Oct–Sep)     no
 * a6    referral      2026-02-01, null, prepaid → 12 months                yes (Feb–Jan)     no
 * a7    referral      2026-09-30, 1, FALL                                  yes               yes
 *
 * Paid period (default, orders have period_months): email 2/2, paid_search 2/3, referral 2/2 →
 * 6 of 7 retained. Recent order (45 days: last order after 2026-08-16): email 1/2 (a2),
 * paid_search 1/3 (a3), referral 1/2 (a7).
 * Promotions: SUMMER ended 2026-08-31: a2 ordered after it (09-10), a3 did not (10-02 is after
 * as_of) → stayed 1/2. FALL ends 2026-09-30, the analysis date: not evaluable yet (null).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetFromRows, type Dataset, type Row } from "../../src/data/index.js";
import { evaluateCriteria, type CriteriaEvaluation } from "../../src/criteria/index.js";
import { channelQuality, promotionCohorts, promotionSummary, retentionBy } from "../../src/portrait/index.js";
import { churnByPeriod } from "../../src/lifecycle/index.js";
import { ParameterError } from "../../src/errors/index.js";

const AS_OF = "2026-09-30";

const customer = (id: string, channel: string): Row => ({ customer_id: id, signup_date: "2025-09-01", acquisition_channel: channel, planned_cac: 100 });
const order = (id: string, customerId: string, date: string, periodMonths: number | null, extra: Partial<Row> = {}): Row => ({
  order_id: id, customer_id: customerId, order_date: date, amount: 100, list_price: 100, promo_code: null, prepaid: false, period_months: periodMonths, ...extra,
});

const CUSTOMERS: Row[] = [
  customer("a1", "email_newsletter"), customer("a2", "email_newsletter"),
  customer("a3", "paid_search"), customer("a4", "paid_search"), customer("a5", "paid_search"),
  customer("a6", "referral"), customer("a7", "referral"),
];
const ORDERS: Row[] = [
  order("o1", "a1", "2026-01-15", 12, { prepaid: true }),
  order("o2", "a2", "2026-08-10", 1, { promo_code: "SUMMER" }),
  order("o3", "a2", "2026-09-10", 1),
  order("o4", "a3", "2026-08-20", 1, { promo_code: "SUMMER" }),
  order("o5", "a3", "2026-10-02", 1),
  order("o6", "a4", "2026-07-01", 3),
  order("o7", "a5", "2025-10-01", 12, { prepaid: true }),
  order("o8", "a6", "2026-02-01", null, { prepaid: true }),
  order("o9", "a7", "2026-09-30", 1, { promo_code: "FALL" }),
];
const PROMOTIONS: Row[] = [
  { promo_code: "SUMMER", start_date: "2026-07-01", end_date: "2026-08-31" },
  { promo_code: "FALL", start_date: "2026-09-01", end_date: "2026-09-30" },
];

const withoutPeriodMonths = (rows: Row[]): Row[] => rows.map(({ period_months: _dropped, ...rest }) => rest);

type ChannelRow = { acquisition_channel: string; customers: number; retainedShare: number; retainedBy: string };
const retainedByChannel = (rows: ChannelRow[]) => Object.fromEntries(rows.map((r) => [r.acquisition_channel, r.retainedShare]));

describe("channel and promotion retention", () => {
  let dataset: Dataset;
  let evaluation: CriteriaEvaluation;
  beforeAll(async () => {
    dataset = await datasetFromRows({ customers: CUSTOMERS, orders: ORDERS, promotions: PROMOTIONS });
    evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
  });
  afterAll(() => dataset.close());

  it("counts a buyer as retained when a payment covers the analysis date's month, and says so", async () => {
    const rows = (await channelQuality(evaluation)).objects() as ChannelRow[];
    expect(retainedByChannel(rows)).toEqual({ email_newsletter: 1, paid_search: 2 / 3, referral: 1 });
    expect(new Set(rows.map((r) => r.retainedBy))).toEqual(new Set(["paidPeriod"]));
  });

  it("agrees with churnByPeriod: the retained buyers are the customers paying at the end of the quarter", async () => {
    const retained = (await channelQuality(evaluation)).objects() as ChannelRow[];
    const retainedBuyers = retained.reduce((total, r) => total + Math.round(r.retainedShare * r.customers), 0);
    const quarters = (await churnByPeriod(dataset, { asOf: AS_OF, period: "quarter" })).objects() as Array<{ period: string; end_customers: number }>;
    expect(quarters.at(-1)).toMatchObject({ period: "2026-Q3", end_customers: 6 });
    expect(retainedBuyers).toBe(6);
  });

  it("uses the order-recency rule when asked, with its window", async () => {
    const rows = (await channelQuality(evaluation, { retainedBy: "recentOrder" })).objects() as ChannelRow[];
    expect(retainedByChannel(rows)).toEqual({ email_newsletter: 0.5, paid_search: 1 / 3, referral: 0.5 });
    expect(rows[0].retainedBy).toBe("recentOrder");
    // 300 days: last order after 2025-12-04 adds a1 (01-15), a4 (07-01), a6 (02-01); a5 (2025-10-01) stays out.
    const wide = (await channelQuality(evaluation, { retainedBy: "recentOrder", activeDays: 300 })).objects() as ChannelRow[];
    expect(retainedByChannel(wide)).toEqual({ email_newsletter: 1, paid_search: 2 / 3, referral: 1 });
  });

  it("falls back to the order-recency rule when orders have no period_months", async () => {
    const plain = await datasetFromRows({ customers: CUSTOMERS, orders: withoutPeriodMonths(ORDERS), promotions: PROMOTIONS });
    try {
      const rows = (await channelQuality(await evaluateCriteria(plain, { asOf: AS_OF }))).objects() as ChannelRow[];
      expect(retainedByChannel(rows)).toEqual({ email_newsletter: 0.5, paid_search: 1 / 3, referral: 0.5 });
      expect(rows[0].retainedBy).toBe("recentOrder");
    } finally {
      plain.close();
    }
  });

  it("rejects an unknown rule and a bad activeDays", async () => {
    await expect(channelQuality(evaluation, { retainedBy: "lastLogin" as never })).rejects.toThrow(ParameterError);
    await expect(channelQuality(evaluation, { retainedBy: "recentOrder", activeDays: 0 })).rejects.toThrow(/activeDays/);
  });

  it("promotion cohorts: a promotion ending on the analysis date is not evaluable yet (null, with the reason)", async () => {
    const rows = (await promotionCohorts(evaluation)).objects() as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.promotion, r.customers, r.promotionEnd, r.ended, r.stayedAfterEnd, r.retainedShare])).toEqual([
      // No promotion: a1, a4, a5, a6, all paying in September.
      ["(no promotion)", 4, null, null, null, 1],
      ["FALL", 1, "2026-09-30", false, null, 1],
      // SUMMER: a2 paying (09-10 order), a3 not.
      ["SUMMER", 2, "2026-08-31", true, 0.5, 0.5],
    ]);
    expect(rows[1].note).toBe("not evaluable yet: the promotion ends 2026-09-30, not before the analysis date 2026-09-30");
    expect(rows[2].note).toBe("");
  });

  it("promotion summary: stayed-after-end share over ended promotions only", async () => {
    const rows = (await promotionSummary(evaluation)).objects() as Array<Record<string, unknown>>;
    // Promotion buyers a2, a3, a7; ended: a2, a3 (SUMMER); stayed: a2 -> 1/2 (not 1/3: a7's FALL has no "after" yet).
    // Retained: a2, a7 of 3; no promotion: 4 of 4. Revenue: a2 200, a3 100 (its 10-02 order is after as_of), a7 100.
    expect(rows).toEqual([
      { group: "promotion", customers: 3, endedCustomers: 2, stayedAfterEnd: 0.5, retainedShare: 2 / 3, meanRevenue: 400 / 3, retainedBy: "paidPeriod" },
      { group: "no promotion", customers: 4, endedCustomers: 0, stayedAfterEnd: null, retainedShare: 1, meanRevenue: 100, retainedBy: "paidPeriod" },
    ]);
  });

  it("retention by any column of the per-buyer table", async () => {
    const rows = (await retentionBy(evaluation, "first_promo_code")).objects() as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.value, r.customers, r.retainedCustomers])).toEqual([["FALL", 1, 1], ["SUMMER", 2, 1], [null, 4, 4]]);
    await expect(retentionBy(evaluation, "no_such_column")).rejects.toThrow(/not a column of the per-buyer table/);
  });
});
