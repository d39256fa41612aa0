/**
 * The seven criteria of the ideal-customer portrait and their 14 built-in cohorts, exactly as
 * listed in ../shared/DOMAIN.md §2. Every "XX" of the text is a named, typed parameter with a
 * default; cohort ids are unique (they become columns `cohort_<id>` of the evaluation table).
 */
import type { CriterionDef, CriterionId } from "./types.js";

const criterion = (name: string, description: string, cohorts: CriterionDef["cohorts"]): CriterionDef => ({
  name, description, cohorts, combine: "any", enabled: true, weight: 1,
});

/** The built-in criteria registry. Override thresholds, flags and weights with `CriteriaConfig`. */
export const CRITERIA: Record<CriterionId, CriterionDef> = {
  purchase_readiness: criterion("Purchase readiness", "Bought without much sales pressure, or did a lot of work themselves before paying.", {
    low_touch_purchase: {
      name: "Low-touch purchase",
      description: "At most max_sales_touches sales contacts before the first order, and entered the funnel at awareness/interest.",
      params: { max_sales_touches: { type: "INTEGER", default: 1, min: 0, description: "Most sales contacts before purchase." } },
      predicate: { all: [{ feature: "sales_touches_before_purchase", op: "<=", param: "max_sales_touches" }, { feature: "top_of_funnel_entry", op: "is_true" }] },
    },
    self_served_before_purchase: {
      name: "Self-served before purchase",
      description: "At least min_actions product actions before the first order.",
      params: { min_actions: { type: "INTEGER", default: 5, min: 0, description: "Fewest self-serve actions before purchase." } },
      predicate: { feature: "self_serve_actions_before_purchase", op: ">=", param: "min_actions" },
    },
  }),
  voluntary_decision: criterion("Voluntary decision", "Chose to buy on their own interest: after a trial/demo, or without a discount.", {
    paid_after_trial: {
      name: "Paid after trial or demo",
      description: "A trial or demo started on or before the first order.",
      params: {},
      predicate: { feature: "trial_before_purchase", op: "is_true" },
    },
    no_promotion: {
      name: "No promotion",
      description: "No order used a promo or discount code.",
      params: {},
      predicate: { feature: "promo_used", op: "is_false" },
    },
  }),
  purchasing_power: criterion("Purchasing power", "Pays full price or pays in advance.", {
    full_list_price: {
      name: "Paid full list price",
      description: "Amount paid / list price >= min_price_ratio (1 = full price; the default allows rounding).",
      params: { min_price_ratio: { type: "DOUBLE", default: 0.995, min: 0, description: "Lowest paid/list ratio counted as full price." } },
      predicate: { feature: "price_paid_vs_list", op: ">=", param: "min_price_ratio" },
    },
    prepaid: {
      name: "Prepaid",
      description: "Paid in advance (annual upfront, prepayment).",
      params: {},
      predicate: { feature: "prepaid", op: "is_true" },
    },
  }),
  success_potential: criterion("Success potential", "Gets value fast, or is most loyal.", {
    fast_first_result: {
      name: "Fast first result",
      description: "First result within max_days days of the first payment.",
      params: { max_days: { type: "INTEGER", default: 14, min: 0, description: "Most days from first payment to first result." } },
      predicate: { feature: "days_to_first_result", op: "<=", param: "max_days" },
    },
    promoter: {
      name: "Promoter (NPS 9-10)",
      description: "Latest NPS score >= min_score.",
      params: { min_score: { type: "INTEGER", default: 9, min: 0, max: 10, description: "Lowest NPS score counted as most loyal." } },
      predicate: { feature: "latest_nps", op: ">=", param: "min_score" },
    },
  }),
  marketing_effectiveness: criterion("Marketing effectiveness", "Converted fast, or cost less to acquire than planned.", {
    fast_conversion: {
      name: "Fast conversion",
      description: "From first touch to purchase in fewer than max_days days.",
      params: { max_days: { type: "INTEGER", default: 30, min: 0, description: "Days from first touch to purchase (exclusive)." } },
      predicate: { feature: "days_first_touch_to_purchase", op: "<", param: "max_days" },
    },
    below_planned_cac: {
      name: "Below planned CAC",
      description: "Actual acquisition cost / planned CAC for their channel < max_ratio.",
      params: { max_ratio: { type: "DOUBLE", default: 1, min: 0, description: "Actual/planned CAC ratio below which acquisition was cheap." } },
      predicate: { feature: "cac_vs_planned", op: "<", param: "max_ratio" },
    },
  }),
  expansion_potential: criterion("Expansion potential", "Grows seats or spreads across departments.", {
    seat_growth: {
      name: "Seat growth",
      description: "Active seats grew by at least min_growth_pct percent.",
      params: { min_growth_pct: { type: "DOUBLE", default: 20, description: "Smallest seat growth in percent." } },
      predicate: { feature: "seat_growth_pct", op: ">=", param: "min_growth_pct" },
    },
    multi_department: {
      name: "Several departments",
      description: "At least min_departments departments use the product.",
      params: { min_departments: { type: "INTEGER", default: 2, min: 1, description: "Fewest departments." } },
      predicate: { feature: "departments", op: ">=", param: "min_departments" },
    },
  }),
  brand_promotion: criterion("Brand promotion potential", "Speaks for the brand: reviews or paying referrals.", {
    positive_reviewer: {
      name: "Positive reviewer",
      description: "At least min_reviews positive external reviews (rating >= positive_rating_min).",
      params: { min_reviews: { type: "INTEGER", default: 1, min: 1, description: "Fewest positive reviews." } },
      predicate: { feature: "positive_reviews", op: ">=", param: "min_reviews" },
    },
    paying_referrer: {
      name: "Paying referrer",
      description: "Brought at least min_referrals new customers who paid.",
      params: { min_referrals: { type: "INTEGER", default: 2, min: 1, description: "Fewest paying referrals." } },
      predicate: { feature: "paying_referrals", op: ">=", param: "min_referrals" },
    },
  }),
};

/** Ids of the built-in criteria, in DOMAIN.md order. */
export const CRITERION_IDS = Object.keys(CRITERIA) as CriterionId[];
