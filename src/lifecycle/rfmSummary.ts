/**
 * Frequency / recency / T / monetary summary per customer from transactions, computed in DuckDB with
 * the semantics of the Python `lifetimes` package (`summary_data_from_transaction_data` with daily
 * periods and `freq_multiplier` 7 for weeks), so fitted models match lifetimes and the literature.
 */
import { ParameterError } from "../errors/index.js";
import { isIsoDate, type Dataset } from "../data/index.js";
import { quoteIdent } from "../sql/index.js";
import { DAYS_PER_UNIT, type RfmSummary, type SummaryTimeUnit } from "./rfmSummaryTypes.js";
import { queryColumnArrays } from "./sqlArrays.js";
import { withTransactions, type TransactionsTable } from "./transactions.js";
import { coverageSettings, coveredMonthsSql, type CoverageSettings } from "./coverage.js";

export interface RfmSummaryOptions {
  /** Transactions: a table in the dataset's DuckDB or an arquero table; default `"orders"`. */
  transactions?: TransactionsTable;
  /** Customer id column; default `"customer_id"`. */
  customer?: string;
  /** Transaction date column (DATE, TIMESTAMP or ISO text); default `"order_date"`. */
  date?: string;
  /** Value column, or null for none (monetary 0); default `"amount"`. */
  monetary?: string | null;
  /** Last day of the calibration period, `YYYY-MM-DD` (inclusive; later transactions are ignored). Required. */
  calibrationEnd: string;
  /** Unit of recency and T; default `"days"`. */
  unit?: SummaryTimeUnit;
  /** Also return the customer ids (costs time at millions of customers); default true. */
  includeCustomerIds?: boolean;
  /**
   * Subscription data: count each order as one purchase per month it covers (dated order date + j
   * months, j = 0 … n−1, up to calibrationEnd; value amount / n), n from `period_months`, else
   * `prepaidMonths` for prepaid orders, else 1 (coverage.ts). Why: mixed monthly (99) and annual
   * prepaid (990) payments give Gamma-Gamma a two-humped spend per transaction that it fits with
   * q < 1 (undefined mean); per covered month both are on one scale, and expected purchases × spend
   * stays consistent (covered months × monthly value). Default false (lifetimes semantics: one
   * purchase per order day).
   */
  perCoveredMonth?: boolean;
  /** Months a prepaid order covers without `period_months` (with `perCoveredMonth`); default 12. */
  prepaidMonths?: number;
}

/**
 * SQL of a relation with the same column names as `relation` in which every order is split into
 * one row per covered month (date + j months, value / n). Used by `perCoveredMonth`.
 *
 * @example
 * perCoveredMonthRelationSql('"orders"', { customer: "customer_id", date: "order_date", monetary: "amount" }, settings);
 */
export function perCoveredMonthRelationSql(
  relation: string,
  columns: { customer: string; date: string; monetary: string | null },
  settings: CoverageSettings,
): string {
  const date = quoteIdent(columns.date);
  const value = columns.monetary === null ? "" : `, CAST(${quoteIdent(columns.monetary)} AS DOUBLE) / covered_months AS ${quoteIdent(columns.monetary)}`;
  return `(SELECT ${quoteIdent(columns.customer)}, CAST(CAST(${date} AS DATE) + to_months(CAST(j AS INTEGER)) AS DATE) AS ${date}${value}
  FROM (SELECT *, unnest(range(covered_months)) AS j FROM (SELECT *, ${coveredMonthsSql(settings)} AS covered_months FROM ${relation})))`;
}

/**
 * SQL of the summary over `relation` (already quoted). Bound parameters: `$calibrationEnd`, `$daysPerUnit`.
 * Same-day purchases collapse into one (their values summed); frequency = days with a purchase − 1;
 * recency = last − first day; T = calibrationEnd − first day; monetary = (sum − first day's value) / frequency.
 */
export function rfmSummarySql(relation: string, columns: { customer: string; date: string; monetary: string | null }): string {
  // Sums run in DECIMAL: DuckDB's parallel aggregation adds doubles in a varying order, so their last
  // bits (and a sensitive Gamma-Gamma fit on top) would change between identical runs. 9 decimals
  // keep cents exact and spread amounts (amount / months) far below any currency's precision.
  const value = columns.monetary === null ? "CAST(0 AS DECIMAL(38, 9))" : `CAST(${quoteIdent(columns.monetary)} AS DECIMAL(38, 9))`;
  return `
WITH daily AS (
  SELECT CAST(${quoteIdent(columns.customer)} AS VARCHAR) AS customer_id,
         CAST(${quoteIdent(columns.date)} AS DATE) AS purchase_day,
         sum(${value}) AS day_value
  FROM ${relation}
  WHERE CAST(${quoteIdent(columns.date)} AS DATE) <= CAST($calibrationEnd AS DATE)
  GROUP BY 1, 2
)
SELECT customer_id,
       CAST(count(*) - 1 AS DOUBLE) AS frequency,
       date_diff('day', min(purchase_day), max(purchase_day)) / $daysPerUnit AS recency,
       date_diff('day', min(purchase_day), CAST($calibrationEnd AS DATE)) / $daysPerUnit AS T,
       CASE WHEN count(*) > 1 THEN CAST(sum(day_value) - arg_min(day_value, purchase_day) AS DOUBLE) / (count(*) - 1) ELSE 0.0 END
         AS monetary_value
FROM daily
GROUP BY customer_id
ORDER BY customer_id`;
}

/**
 * Per-customer frequency/recency/T/monetary summary (lifetimes semantics), as typed arrays.
 *
 * @example
 * // Customer c1 buys 2026-01-01 (10), 2026-01-01 (5), 2026-01-15 (20), 2026-01-29 (30):
 * // days 01-01, 01-15, 01-29 -> frequency 2, recency 4 weeks, T to 2026-02-12 = 6 weeks,
 * // monetary (20 + 30) / 2 = 25.
 * const s = await rfmSummary(ds, { calibrationEnd: "2026-02-12", unit: "weeks" });
 */
export async function rfmSummary(dataset: Dataset, options: RfmSummaryOptions): Promise<RfmSummary> {
  if (!isIsoDate(options.calibrationEnd ?? "")) {
    throw new ParameterError("rfmSummary: calibrationEnd must be a YYYY-MM-DD date", { calibrationEnd: options.calibrationEnd });
  }
  const unit = options.unit ?? "days";
  if (!(unit in DAYS_PER_UNIT)) throw new ParameterError(`rfmSummary: unit must be days or weeks, got ${unit}`, { unit });
  const columns = {
    customer: options.customer ?? "customer_id",
    date: options.date ?? "order_date",
    monetary: options.monetary === undefined ? "amount" : options.monetary,
  };
  const includeIds = options.includeCustomerIds ?? true;
  const transactions = options.transactions ?? "orders";
  const settings = options.perCoveredMonth
    ? await coverageSettings(dataset, transactions, { coverage: "subscription", prepaidMonths: options.prepaidMonths })
    : undefined;
  const { numbers, strings } = await withTransactions(dataset, transactions, (relation) =>
    queryColumnArrays(
      dataset,
      rfmSummarySql(settings ? perCoveredMonthRelationSql(relation, columns, settings) : relation, columns),
      { calibrationEnd: options.calibrationEnd, daysPerUnit: DAYS_PER_UNIT[unit] },
      ["frequency", "recency", "T", "monetary_value"],
      includeIds ? ["customer_id"] : [],
    ),
  );
  return {
    customerIds: includeIds ? strings.customer_id : [],
    frequency: numbers.frequency,
    recency: numbers.recency,
    T: numbers.T,
    monetaryValue: numbers.monetary_value,
    unit,
    calibrationEnd: options.calibrationEnd,
  };
}
