/**
 * The icp-lab data model: every table and column the seven criteria and the lifecycle metrics
 * (../shared/DOMAIN.md) need, as one typed registry. This registry is the single source of truth:
 * loaders read files with these explicit column types (no sniffing), validation checks the keys and
 * references declared here, the demo generator writes exactly these columns, and the criteria
 * report "not evaluable: needs table X / column Y" from it.
 *
 * Conventions:
 * - A *customer* is the buying entity (in B2B SaaS: the company account). Users belong to a customer
 *   (`events.user_id`), so activity is grouped per account by grouping on `customer_id`.
 * - Dates are UTC calendar days (DuckDB `DATE`); money is in the dataset's one currency (DOUBLE).
 * - Table and column names are snake_case, as they appear in DuckDB and in the files.
 */

/** DuckDB column types used by the model. */
export type ColumnType = "VARCHAR" | "DATE" | "DOUBLE" | "INTEGER" | "BOOLEAN";

export interface ColumnDef {
  type: ColumnType;
  /** A required column must be present in the file and non-null in every row. */
  required: boolean;
  description: string;
  /** Lower bound for numbers (e.g. amounts >= 0); checked by validation. */
  min?: number;
  /** Upper bound for numbers (e.g. NPS <= 10). */
  max?: number;
  /** Dates that must not lie after the analysis date (checked when an analysis date is given). */
  notAfterAsOf?: boolean;
}

export interface ForeignKey {
  column: string;
  references: { table: TableName; column: string };
}

export interface TableDef {
  description: string;
  /** Required tables must be present in every dataset; the others enable specific criteria. */
  required: boolean;
  /** Unique id column(s), checked for duplicates. */
  primaryKey?: string[];
  foreignKeys: ForeignKey[];
  columns: Record<string, ColumnDef>;
}

export type TableName =
  | "customers"
  | "orders"
  | "events"
  | "touches"
  | "trials"
  | "nps"
  | "reviews"
  | "referrals"
  | "seats"
  | "departments"
  | "promotions";

const toCustomer = (column = "customer_id"): ForeignKey => ({
  column,
  references: { table: "customers", column: "customer_id" },
});

/** The data model. Optional tables and optional columns may be absent; criteria that need them say so. */
export const SCHEMA: Record<TableName, TableDef> = {
  customers: {
    description: "One row per buying customer (the account/company in B2B).",
    required: true,
    primaryKey: ["customer_id"],
    foreignKeys: [],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Unique customer (account) id." },
      signup_date: { type: "DATE", required: true, description: "Registration / account creation date.", notAfterAsOf: true },
      first_touch_date: { type: "DATE", required: false, description: "Date of the first marketing touch (start of the funnel).", notAfterAsOf: true },
      company: { type: "VARCHAR", required: false, description: "Company name." },
      industry: { type: "VARCHAR", required: false, description: "Industry of the buying company." },
      company_size: { type: "VARCHAR", required: false, description: "Size band, e.g. '1-10', '11-50', '51-200', '201-1000', '1000+'." },
      employees: { type: "INTEGER", required: false, description: "Employee count (a proxy for the maximum revenue a customer can bring).", min: 0 },
      region: { type: "VARCHAR", required: false, description: "Sales region, e.g. EMEA, AMER, APAC." },
      country: { type: "VARCHAR", required: false, description: "Country code." },
      plan: { type: "VARCHAR", required: false, description: "Current or initial plan (free, starter, pro, enterprise...)." },
      acquisition_channel: { type: "VARCHAR", required: false, description: "Channel that acquired the customer (email_newsletter, paid_search, ...)." },
      planned_cac: { type: "DOUBLE", required: false, description: "Planned acquisition cost for the customer's channel.", min: 0 },
      profile_completeness: { type: "DOUBLE", required: false, description: "Share of the profile filled in, 0..1.", min: 0, max: 1 },
      max_revenue_potential: { type: "DOUBLE", required: false, description: "Estimated maximum yearly revenue the customer could bring.", min: 0 },
    },
  },
  orders: {
    description: "Orders / payments. Revenue, purchase dates, price paid vs list, promotions, prepayment, refunds.",
    required: true,
    primaryKey: ["order_id"],
    foreignKeys: [toCustomer()],
    columns: {
      order_id: { type: "VARCHAR", required: true, description: "Unique order id." },
      customer_id: { type: "VARCHAR", required: true, description: "The paying customer." },
      order_date: { type: "DATE", required: true, description: "Payment date.", notAfterAsOf: true },
      amount: { type: "DOUBLE", required: true, description: "Amount paid (after discounts, before refunds).", min: 0 },
      list_price: { type: "DOUBLE", required: false, description: "List price of what was bought.", min: 0 },
      promo_code: { type: "VARCHAR", required: false, description: "Discount / promotion code used, null if none." },
      prepaid: { type: "BOOLEAN", required: false, description: "Paid in advance (annual upfront, prepayment)." },
      period_months: {
        type: "INTEGER",
        required: false,
        description: "Months of service this payment covers (12 for an annual prepayment, 1 for a monthly one); when absent, lifecycle analytics assume 12 for prepaid orders and 1 otherwise.",
        min: 1,
      },
      refunded_amount: { type: "DOUBLE", required: false, description: "Amount refunded later.", min: 0 },
      product: { type: "VARCHAR", required: false, description: "Product, plan or category bought." },
    },
  },
  events: {
    description: "Product activity events, per user within a customer account.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "The account the user belongs to." },
      user_id: { type: "VARCHAR", required: false, description: "The user inside the account." },
      event_date: { type: "DATE", required: true, description: "Day of the event.", notAfterAsOf: true },
      event_type: { type: "VARCHAR", required: true, description: "What happened (login, report_created, invite_sent, first_result, ...)." },
    },
  },
  touches: {
    description: "Marketing and sales touches before (and after) purchase, with their cost.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "The touched customer." },
      touch_date: { type: "DATE", required: true, description: "Day of the touch.", notAfterAsOf: true },
      channel: { type: "VARCHAR", required: true, description: "Channel of the touch." },
      touch_type: { type: "VARCHAR", required: false, description: "'marketing' or 'sales' (sales contacts measure sales pressure)." },
      funnel_stage: { type: "VARCHAR", required: false, description: "'awareness', 'interest', 'consideration', 'decision'." },
      cost: { type: "DOUBLE", required: false, description: "Cost attributed to this touch.", min: 0 },
    },
  },
  trials: {
    description: "Trials and demos.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Customer who trialled." },
      start_date: { type: "DATE", required: true, description: "Trial/demo start.", notAfterAsOf: true },
      end_date: { type: "DATE", required: false, description: "Trial end (null while running)." },
      kind: { type: "VARCHAR", required: false, description: "'trial' or 'demo'." },
    },
  },
  nps: {
    description: "NPS survey responses.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Responding customer." },
      response_date: { type: "DATE", required: true, description: "Response day.", notAfterAsOf: true },
      score: { type: "INTEGER", required: true, description: "NPS score 0..10.", min: 0, max: 10 },
    },
  },
  reviews: {
    description: "Reviews on external sites.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Reviewing customer." },
      review_date: { type: "DATE", required: true, description: "Day of the review.", notAfterAsOf: true },
      site: { type: "VARCHAR", required: false, description: "Review site (g2, capterra, ...)." },
      rating: { type: "DOUBLE", required: true, description: "Rating 1..5; >= 4 counts as positive by default.", min: 0, max: 5 },
    },
  },
  referrals: {
    description: "Referrals: who brought whom.",
    required: false,
    foreignKeys: [toCustomer("referrer_id"), toCustomer("referred_id")],
    columns: {
      referrer_id: { type: "VARCHAR", required: true, description: "Customer who referred." },
      referred_id: { type: "VARCHAR", required: true, description: "Customer who was referred." },
      referral_date: { type: "DATE", required: false, description: "Day of the referral.", notAfterAsOf: true },
    },
  },
  seats: {
    description: "Snapshots of active seats/accounts per customer over time.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Customer." },
      snapshot_date: { type: "DATE", required: true, description: "Snapshot day.", notAfterAsOf: true },
      seats: { type: "INTEGER", required: true, description: "Active seats at that day.", min: 0 },
    },
  },
  departments: {
    description: "Departments of a customer's company using the product.",
    required: false,
    foreignKeys: [toCustomer()],
    columns: {
      customer_id: { type: "VARCHAR", required: true, description: "Customer." },
      department: { type: "VARCHAR", required: true, description: "Department name." },
      start_date: { type: "DATE", required: false, description: "When that department started using the product.", notAfterAsOf: true },
    },
  },
  promotions: {
    description: "Promotion campaigns behind promo codes.",
    required: false,
    primaryKey: ["promo_code"],
    foreignKeys: [],
    columns: {
      promo_code: { type: "VARCHAR", required: true, description: "Code as used in orders.promo_code." },
      name: { type: "VARCHAR", required: false, description: "Campaign name." },
      start_date: { type: "DATE", required: false, description: "Promotion start." },
      end_date: { type: "DATE", required: false, description: "Promotion end (customers who stay after it are the ones that count)." },
      discount_pct: { type: "DOUBLE", required: false, description: "Discount in percent.", min: 0, max: 100 },
    },
  },
};

export const TABLE_NAMES = Object.keys(SCHEMA) as TableName[];

/** Row types for in-memory use (fixtures, arquero registration). Dates are ISO `YYYY-MM-DD` strings. */
export type Row = Record<string, string | number | boolean | null>;
