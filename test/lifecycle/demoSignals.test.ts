/**
 * The lifecycle analyses find what the demo generator plants (src/data/demo-signals.ts,
 * PLANTED_SIGNALS). Assertions are directions and ranges derived from the planted mechanisms, not
 * outputs copied from a run: the demo data is 2,000 customers, seed 42, analysis date 2026-09-30.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, PLANTED_SIGNALS, type Dataset } from "../../src/data/index.js";
import { accountActivityTrend, churnTreeBacktest, cohortRetention } from "../../src/lifecycle/index.js";

const asOf = PLANTED_SIGNALS.analysisDate;

type Row = Record<string, number | string | boolean | null>;

/** Pooled retention of the matrix rows in `cohorts` at period k: retained / observable customers. */
function pooledRetention(rows: Row[], cohorts: (cohort: string) => boolean, k: number, measure: "retained_customers" | "active_customers"): number {
  const at = rows.filter((r) => cohorts(r.cohort as string) && r.period_index === k);
  const kept = at.reduce((s, r) => s + (r[measure] as number), 0);
  const size = at.reduce((s, r) => s + (r.cohort_size as number), 0);
  return kept / size;
}

describe("lifecycle analyses on the demo data find the planted signals", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await demoDataset({ customers: 2000, seed: 42 });
  });
  afterAll(() => ds.close());

  it("promotion cohorts churn right after the discounted payments, non-promo customers do not", async () => {
    // Planted: promo buyers pay monthly, the first `discountedPayments` (3) payments discounted
    // (months k = 0, 1, 2); then a share of about churnAfterPromoShare (0.42 at average quality; the
    // generator draws 0.55 − 0.25·sigmoid(quality), and promo buyers are below average) cancel, so
    // the month-3 order is missing. Everyone else churns at the baseline monthly hazard (0.7–4.5 %).
    // So the conditional drop 1 − retention(3)/retention(2) is ≈ 0.4–0.6 for promo cohorts and a
    // few percent for '(none)' (its annual prepaid buyers are covered through months 1–11).
    const rows = (await cohortRetention(ds, { asOf, cohortBy: "first_order_promo" })).objects() as Row[];
    const isPromo = (cohort: string) => cohort !== "(none)";
    const noPromo = (cohort: string) => cohort === "(none)";
    const promoCohorts = new Set(rows.map((r) => r.cohort as string).filter(isPromo));
    expect(promoCohorts.size).toBeGreaterThan(3);
    const drop = (cohorts: (c: string) => boolean) =>
      1 - pooledRetention(rows, cohorts, PLANTED_SIGNALS.promotions.discountedPayments, "retained_customers") /
        pooledRetention(rows, cohorts, PLANTED_SIGNALS.promotions.discountedPayments - 1, "retained_customers");
    const promoDrop = drop(isPromo);
    const baselineDrop = drop(noPromo);
    expect(promoDrop).toBeGreaterThan(0.3);
    expect(promoDrop).toBeLessThan(0.8);
    expect(baselineDrop).toBeLessThan(0.15);
    expect(promoDrop - baselineDrop).toBeGreaterThan(0.2);
    // Before the discount ends, promo buyers are kept (they are all monthly payers): month 1 >= 0.85.
    expect(pooledRetention(rows, isPromo, 1, "retained_customers")).toBeGreaterThan(0.85);
  });

  it("email_newsletter and referral cohorts retain better than paid_search", async () => {
    // Planted: channel quality effects +0.8 (email), +0.9 (referral), −0.6 (paid_search); the churn
    // hazard scales with exp(−0.6 quality), so paid_search churns ≈ exp(0.6 · 1.4) ≈ 2.3x faster
    // and its activity stops sooner.
    // - Activity retention, pooled over months 1–12, must be clearly higher for the better channels.
    // - Customer retention is coverage-aware (an annual prepayment covers 12 months), so it can be
    //   pooled over months 1–12 too: with monthly hazards h ≈ 1–3 %, mean survival over a year
    //   (1/12) Σ exp(−k h) differs by ≈ 0.05–0.1 between the channels; assert > 0.03. In month 12,
    //   exp(−12 h) differs by ≥ 0.1; assert > 0.1.
    const rows = (await cohortRetention(ds, { asOf, cohortBy: "acquisition_channel" })).objects() as Row[];
    const activityOverYear = (channel: string) => {
      let sum = 0;
      for (let k = 1; k <= 12; k++) sum += pooledRetention(rows, (c) => c === channel, k, "active_customers");
      return sum / 12;
    };
    const renewal = (channel: string) => pooledRetention(rows, (c) => c === channel, 12, "retained_customers");
    const customersOverYear = (channel: string) => {
      let sum = 0;
      for (let k = 1; k <= 12; k++) sum += pooledRetention(rows, (c) => c === channel, k, "retained_customers");
      return sum / 12;
    };
    for (const better of PLANTED_SIGNALS.channels.better) {
      expect(customersOverYear(better) - customersOverYear("paid_search"), `${better} vs paid_search, customers months 1–12`).toBeGreaterThan(0.03);
      expect(activityOverYear(better) - activityOverYear("paid_search"), `${better} vs paid_search, activity`).toBeGreaterThan(0.05);
      expect(renewal(better) - renewal("paid_search"), `${better} vs paid_search, month-12 customers`).toBeGreaterThan(0.1);
    }
  });

  it("finds declining accounts and splits them into conversion and recovery", async () => {
    // The demo is sparse (about one event per account every five weeks) and the slip is planted in
    // the last 90 days, so the rule is tuned to 90-day windows and a gate of 2 events.
    const options = { windowDays: 90, windows: 2, minPreviousEvents: 2 } as const;
    const trend = (await accountActivityTrend(ds, { asOf, ...options })).objects() as Row[];
    const declining = trend.filter((r) => r.declining);
    const conversion = declining.filter((r) => r.segment === "conversion");
    const recovery = declining.filter((r) => r.segment === "recovery");
    expect(conversion.length).toBeGreaterThan(0);
    expect(recovery.length).toBeGreaterThan(0);
    // Conversion = trial/demo users who never bought: every one has a trial and no order.
    const trialled = new Set((await ds.query("SELECT DISTINCT customer_id FROM trials")).array("customer_id") as string[]);
    const buyers = new Set((await ds.query(`SELECT DISTINCT customer_id FROM orders WHERE order_date <= DATE '${asOf}'`)).array("customer_id") as string[]);
    for (const account of conversion) {
      expect(trialled.has(account.customer_id as string) && !buyers.has(account.customer_id as string)).toBe(true);
    }
    for (const account of recovery) {
      expect(buyers.has(account.customer_id as string)).toBe(true);
      expect(account.tenure_days as number).toBeGreaterThanOrEqual(180);
      expect(account.activity_ratio as number).toBeLessThanOrEqual(0.5);
    }
  });

  it("the churn tree trained on an earlier window ranks churners on the later one (AUC well above 0.5)", async () => {
    // Planted: regular activity stops 21–56 days before churn (fadeDaysBeforeChurn), so inactivity
    // features separate next-month churners; the tree is trained at 2026-06-30 and tested at
    // 2026-08-31 (labels: no event or order in the following 30 days, ending at the analysis date).
    const result = await churnTreeBacktest(ds, { trainSnapshot: "2026-06-30", testSnapshot: "2026-08-31", horizonDays: 30 });
    expect(result.train.accounts).toBeGreaterThan(500);
    expect(result.test.accounts).toBeGreaterThan(500);
    for (const churnRate of [result.train.churnRate, result.test.churnRate]) {
      expect(churnRate).toBeGreaterThan(0.05);
      expect(churnRate).toBeLessThan(0.5);
    }
    expect(result.test.auc).toBeGreaterThan(0.7);
    // Predicting churn at the 0.5 threshold beats guessing with the base rate.
    expect(result.test.precision).toBeGreaterThan(result.test.churnRate);
    // The root split is on an activity feature (the planted fade).
    const activityFeatures = ["days_since_last_activity", "events_30d", "events_prev_30d", "activity_trend", "logins_30d", "active_users_30d"];
    expect(activityFeatures).toContain(result.featureNames[result.tree.split!.feature]);
    // Leaves are calibrated on the later window: big leaves' churn rates within 0.2 of their probability.
    for (const leaf of result.calibration.objects() as Row[]) {
      if ((leaf.test_accounts as number) >= 100) {
        expect(Math.abs((leaf.test_churn_rate as number) - (leaf.train_probability as number)), leaf.rule as string).toBeLessThan(0.2);
      }
    }
  });
});

describe("activity churn on a larger demo business", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await demoDataset({ customers: 10_000, seed: 42 });
  });
  afterAll(() => ds.close());

  it("the recovery rule flags more current long-tenured customers when the slip is planted than a quarter earlier", async () => {
    // Planted: slippingShareOfLongTenured (12 %) of current buyers with >= 1 year since the first
    // order drop to slippingActivityFactor (0.2) of their normal activity in the 90 days before the
    // analysis date, and only then. With counts of a few events, Poisson noise alone flags a share
    // q of steady accounts (≈ 0.3 here), and a slipping account (expected ratio 0.2) is flagged with
    // probability ≈ 0.8, so the flagged share should rise by ≈ 0.12 · (0.8 − 0.3) ≈ 0.06 at the
    // analysis date over the same rule a quarter earlier (no slip planted then), and by at most
    // 0.12 · (1 − 0.3) ≈ 0.085 plus noise. With ~1,200–1,700 eligible accounts at 10,000 customers
    // the difference's standard error is ≈ 0.018, so assert 0.03 < rise < 0.15 (at 2,000
    // customers the standard error, ≈ 0.037, is too close to the effect for a sure test).
    const options = { windowDays: 90, windows: 2, minPreviousEvents: 2 } as const;
    const flaggedShare = async (day: string): Promise<number> => {
      // Current customers at `day`: paid through it (monthly: last order within a month; annual
      // prepaid: within a year) and first order at least a year before.
      const current = new Set(
        (await ds.query(
          `SELECT customer_id FROM orders WHERE order_date <= CAST($day AS DATE) GROUP BY 1
           HAVING max(CASE WHEN prepaid THEN order_date + INTERVAL 1 YEAR ELSE order_date + INTERVAL 1 MONTH END) > CAST($day AS DATE)
              AND min(order_date) <= CAST($day AS DATE) - 365`,
          { day },
        )).array("customer_id") as string[],
      );
      const trend = (await accountActivityTrend(ds, { asOf: day, ...options })).objects() as Row[];
      const eligible = trend.filter((r) => current.has(r.customer_id as string) && (r.previous_events as number) >= options.minPreviousEvents);
      expect(eligible.length).toBeGreaterThan(100);
      return eligible.filter((r) => r.declining).length / eligible.length;
    };
    const atAnalysisDate = await flaggedShare(asOf);
    const quarterEarlier = await flaggedShare("2026-06-30");
    expect(atAnalysisDate - quarterEarlier).toBeGreaterThan(0.03);
    expect(atAnalysisDate - quarterEarlier).toBeLessThan(0.15);
  });
});
