/**
 * The demo business and the signals planted in it. Everything the demo generator (demo-sql.ts)
 * does on purpose is written down here, so notebooks can explain it and other modules' tests can
 * assert that the portrait, the criteria and the lifecycle analyses find it.
 *
 * How the signals are planted: every customer gets a hidden "quality" score
 *   quality = noise ~ N(0, 1) + channel effect + industry effect + size effect
 *             + 0.5 if they trialled − 0.6 if they bought with a promo code
 * and every criterion's observable (touches before purchase, time to value, NPS, reviews,
 * referrals, seat growth, departments, actual vs planned CAC, churn hazard) is drawn from a
 * distribution that moves with quality. Region has no effect at all (a null signal).
 */

/** The demo business's analysis date (end of 2026Q3) and first signup day. */
export const DEMO_ANALYSIS_DATE = "2026-09-30";
export const DEMO_START_DATE = "2024-01-01";

export const DEMO_CHANNELS = ["email_newsletter", "paid_search", "organic_search", "referral", "partner", "events", "outbound_sales"] as const;
export const DEMO_INDUSTRIES = ["software", "fintech", "healthcare", "retail", "manufacturing", "education", "media"] as const;
export const DEMO_SIZES = ["1-10", "11-50", "51-200", "201-1000", "1000+"] as const;
export const DEMO_REGIONS = ["EMEA", "AMER", "APAC"] as const;
export const DEMO_PLANS = ["starter", "pro", "business", "enterprise"] as const;
export const DEMO_EVENT_TYPES = ["login", "report_created", "dashboard_shared", "integration_connected", "invite_sent", "export", "api_call", "first_result"] as const;

export type DemoChannel = (typeof DEMO_CHANNELS)[number];
export type DemoIndustry = (typeof DEMO_INDUSTRIES)[number];
export type DemoSize = (typeof DEMO_SIZES)[number];

/** One categorical value with its share of customers and its effect on hidden quality. */
export interface DemoCategory<T extends string> {
  value: T;
  /** Share of new customers with this value (weights sum to 1). */
  share: number;
  /** Added to the hidden quality score (0 = neutral). */
  qualityEffect: number;
}

export const CHANNEL_MIX: DemoCategory<DemoChannel>[] = [
  { value: "email_newsletter", share: 0.15, qualityEffect: 0.8 },
  { value: "paid_search", share: 0.25, qualityEffect: -0.6 },
  { value: "organic_search", share: 0.2, qualityEffect: 0.2 },
  { value: "referral", share: 0.1, qualityEffect: 0.9 },
  { value: "partner", share: 0.1, qualityEffect: 0.1 },
  { value: "events", share: 0.08, qualityEffect: 0 },
  { value: "outbound_sales", share: 0.12, qualityEffect: -0.2 },
];

export const INDUSTRY_MIX: DemoCategory<DemoIndustry>[] = [
  { value: "software", share: 0.22, qualityEffect: 0.6 },
  { value: "fintech", share: 0.14, qualityEffect: 0.7 },
  { value: "healthcare", share: 0.14, qualityEffect: 0 },
  { value: "retail", share: 0.16, qualityEffect: -0.5 },
  { value: "manufacturing", share: 0.14, qualityEffect: -0.1 },
  { value: "education", share: 0.1, qualityEffect: -0.4 },
  { value: "media", share: 0.1, qualityEffect: -0.2 },
];

export const SIZE_MIX: DemoCategory<DemoSize>[] = [
  { value: "1-10", share: 0.25, qualityEffect: -0.6 },
  { value: "11-50", share: 0.3, qualityEffect: 0.4 },
  { value: "51-200", share: 0.25, qualityEffect: 0.5 },
  { value: "201-1000", share: 0.13, qualityEffect: 0 },
  { value: "1000+", share: 0.07, qualityEffect: -0.2 },
];

export const REGION_MIX: DemoCategory<(typeof DEMO_REGIONS)[number]>[] = [
  { value: "EMEA", share: 0.35, qualityEffect: 0 },
  { value: "AMER", share: 0.45, qualityEffect: 0 },
  { value: "APAC", share: 0.2, qualityEffect: 0 },
];

/** Planned CAC per channel for an '11-50' company (scaled by size, see SIZE_CAC_FACTOR). */
export const PLANNED_CAC_BY_CHANNEL: Record<DemoChannel, number> = {
  email_newsletter: 150, paid_search: 450, organic_search: 200, referral: 120, partner: 350, events: 600, outbound_sales: 900,
};
/** Typical actual / planned CAC per channel (before the quality effect and noise). */
export const ACTUAL_CAC_RATIO_BY_CHANNEL: Record<DemoChannel, number> = {
  email_newsletter: 0.7, paid_search: 1.4, organic_search: 0.85, referral: 0.65, partner: 1.0, events: 1.1, outbound_sales: 1.15,
};
export const SIZE_CAC_FACTOR: Record<DemoSize, number> = { "1-10": 0.6, "11-50": 1, "51-200": 1.5, "201-1000": 2.5, "1000+": 4 };
/** Baseline monthly churn hazard per size band (SMB ≈ 30–45 %/year, enterprise ≈ 8 %, DOMAIN.md §3). */
export const MONTHLY_CHURN_HAZARD_BY_SIZE: Record<DemoSize, number> = { "1-10": 0.045, "11-50": 0.03, "51-200": 0.022, "201-1000": 0.012, "1000+": 0.007 };
/** Monthly list price per plan; the annual prepaid list price is 10 months' worth. */
export const MONTHLY_PRICE_BY_PLAN: Record<(typeof DEMO_PLANS)[number], number> = { starter: 49, pro: 149, business: 499, enterprise: 1490 };

/** Which attribute values are over- or under-represented among ideal (high-quality) customers. */
export type AttributeSignal = Partial<Record<"industry" | "company_size" | "acquisition_channel" | "region", string[]>>;

export interface PlantedSignals {
  analysisDate: string;
  startDate: string;
  /** Values with a clearly higher share among ideal customers than among the rest. */
  idealOverRepresented: AttributeSignal;
  /** Values with a clearly lower share among ideal customers. */
  idealUnderRepresented: AttributeSignal;
  /** Attributes planted with no effect: a portrait should find no significant lift. */
  noSignal: ("region")[];
  /** For each of the seven criteria: what differs, in which direction, for good customers. */
  criteria: Record<
    "purchaseReadiness" | "voluntaryDecision" | "purchasingPower" | "successPotential" | "marketingEffectiveness" | "expansionPotential" | "brandPromotion",
    string
  >;
  channels: {
    /** Better retention and actual CAC below planned. */
    better: string[];
    /** Worse retention and actual CAC above planned. */
    worse: string[];
  };
  promotions: {
    /** Monthly payments discounted by a promo code; many promo customers cancel right after. */
    discountedPayments: number;
    /** Share of promo customers (at average quality) who cancel right after the discount ends. */
    churnAfterPromoShare: number;
  };
  trials: {
    /** Share of trial/demo users who never buy (the conversion segment). */
    neverConvertShareApprox: number;
  };
  activity: {
    /** Regular activity of a churning account stops this many days before its churn date (range). */
    fadeDaysBeforeChurn: [number, number];
    /** Active accounts with >= 1 year tenure that are slipping (the recovery segment). */
    slippingShareOfLongTenured: number;
    /** Activity of a slipping account in the last 90 days, relative to its normal rate. */
    slippingActivityFactor: number;
  };
  stickPoint: {
    /** report_created events in the first 30 days after the first payment. */
    event: "report_created";
    withinDays: number;
    /** At or above this count the churn hazard is 0.35x, below it 1.3x the baseline. */
    threshold: number;
  };
}

/**
 * The signals planted in the demo data (see the file comment for how).
 *
 * @example
 * // a portrait test: fintech must be over-represented among ideal customers
 * expect(PLANTED_SIGNALS.idealOverRepresented.industry).toContain("fintech");
 */
export const PLANTED_SIGNALS: PlantedSignals = {
  analysisDate: DEMO_ANALYSIS_DATE,
  startDate: DEMO_START_DATE,
  idealOverRepresented: {
    industry: ["fintech", "software"],
    company_size: ["11-50", "51-200"],
    acquisition_channel: ["email_newsletter", "referral"],
  },
  idealUnderRepresented: {
    industry: ["retail", "education"],
    company_size: ["1-10"],
    acquisition_channel: ["paid_search"],
  },
  noSignal: ["region"],
  criteria: {
    purchaseReadiness: "good customers need fewer touches before purchase, more often start at the 'interest' stage, and do more self-serve events before their first order",
    voluntaryDecision: "trial/demo users convert and retain better; promo-code buyers are worse and churn after the discount",
    purchasingPower: "good customers more often prepay annually; promo and negotiated discounts (outbound_sales, events) mean below-list prices",
    successPotential: "good customers reach first_result within days of the first payment and give NPS 9-10",
    marketingEffectiveness: "good customers go from first touch to purchase faster and cost less than the planned CAC (email_newsletter, referral: actual < planned; paid_search: actual > planned)",
    expansionPotential: "good customers' seats grow (up to +125%) and more departments use the product",
    brandPromotion: "good customers leave positive reviews (rating >= 4) and refer new customers; referrers are drawn only from high-quality buyers",
  },
  channels: { better: ["email_newsletter", "referral"], worse: ["paid_search"] },
  promotions: { discountedPayments: 3, churnAfterPromoShare: 0.42 },
  trials: { neverConvertShareApprox: 0.25 },
  activity: { fadeDaysBeforeChurn: [21, 56], slippingShareOfLongTenured: 0.12, slippingActivityFactor: 0.2 },
  stickPoint: { event: "report_created", withinDays: 30, threshold: 3 },
};
