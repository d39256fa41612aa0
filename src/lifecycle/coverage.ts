/**
 * Subscription coverage: which calendar periods a payment pays for, and how much revenue each of
 * those periods gets. Why: counting a customer as "paying" only in the period of an order makes a
 * customer who prepaid a year look lost the month after paying (the demo's quarterly report showed
 * 26 % user churn a quarter and 47 % net revenue churn from exactly that).
 *
 * An order covers `period_months` months from its order date (orders column, "months of service this
 * payment covers"); when the column is absent or null, a prepaid order (`prepaid = true`) covers
 * `prepaidMonths` (default 12) and any other order 1 month. Its amount is spread evenly over the
 * months it covers, MRR-style (a 1,200 prepaid order is 100 per month); a month is the calendar month
 * of the order date plus j = 0 … n−1, so a monthly payer is paying exactly in the months of their
 * orders, as before. Quarter and year periods sum the covered months in them. Week periods: the
 * order covers the weeks from its date up to the day before date + n months, its amount split evenly
 * over those weeks.
 *
 * `coverage: "orders"` keeps the order-based view: paying in the period of an order, its whole
 * amount counted there.
 */
import { ParameterError } from "../errors/index.js";
import type { Dataset, TableName } from "../data/index.js";
import { periodIndexSql, type CohortPeriod } from "./periods.js";
import type { TransactionsTable } from "./transactions.js";

/** `"subscription"`: an order pays for the months it covers; `"orders"`: only the period of its date. */
export type CoverageMode = "subscription" | "orders";

export interface CoverageOptions {
  /** How an order maps to paying periods; default `"subscription"` (see module doc). */
  coverage?: CoverageMode;
  /** Months a prepaid order covers when there is no `period_months` value; default 12. */
  prepaidMonths?: number;
}

/** Which optional coverage columns the transactions have. */
export interface CoverageColumns {
  periodMonths: boolean;
  prepaid: boolean;
}

/** Resolved coverage settings, ready for SQL. */
export interface CoverageSettings {
  coverage: CoverageMode;
  prepaidMonths: number;
  columns: CoverageColumns;
}

/**
 * Check coverage options; throws ParameterError for an unknown mode or prepaidMonths that is not a
 * whole number >= 1.
 *
 * @example
 * checkCoverage({ coverage: "orders" }); // { coverage: "orders", prepaidMonths: 12 }
 */
export function checkCoverage(options: CoverageOptions): { coverage: CoverageMode; prepaidMonths: number } {
  const coverage = options.coverage ?? "subscription";
  if (coverage !== "subscription" && coverage !== "orders") {
    throw new ParameterError(`coverage must be 'subscription' or 'orders', got '${String(coverage)}'`, { coverage });
  }
  const prepaidMonths = options.prepaidMonths ?? 12;
  if (!(Number.isInteger(prepaidMonths) && prepaidMonths >= 1 && prepaidMonths <= 1200)) {
    throw new ParameterError("prepaidMonths must be a whole number of months >= 1", { prepaidMonths });
  }
  return { coverage, prepaidMonths };
}

/**
 * Which of `period_months` and `prepaid` the transactions have: an arquero table's column names,
 * a model table's known columns, or any other table's columns as DuckDB describes them.
 *
 * @example
 * await coverageColumnsOf(ds, "orders"); // { periodMonths: true, prepaid: true } on the demo data
 */
export async function coverageColumnsOf(dataset: Dataset, table: TransactionsTable): Promise<CoverageColumns> {
  let names: Set<string>;
  if (typeof table !== "string") names = new Set(table.columnNames());
  else if (dataset.hasTable(table as TableName)) names = dataset.columns.get(table as TableName) ?? new Set();
  else {
    const described = await dataset.query("SELECT column_name FROM information_schema.columns WHERE table_name = $name", { name: table });
    names = new Set(described.array("column_name") as string[]);
  }
  return { periodMonths: names.has("period_months"), prepaid: names.has("prepaid") };
}

/**
 * SQL expression of the months an order row covers (a whole number >= 1), or `1` for `"orders"`.
 *
 * @example
 * coveredMonthsSql({ coverage: "subscription", prepaidMonths: 12, columns: { periodMonths: false, prepaid: true } });
 * // "greatest(1, CAST(coalesce(CASE WHEN CAST(prepaid AS BOOLEAN) THEN 12 ELSE 1 END) AS INTEGER))"
 */
export function coveredMonthsSql(settings: CoverageSettings): string {
  if (settings.coverage === "orders") return "1";
  const byPrepaid = settings.columns.prepaid ? `CASE WHEN CAST(prepaid AS BOOLEAN) THEN ${settings.prepaidMonths} ELSE 1 END` : "1";
  const parts = settings.columns.periodMonths ? `CAST(period_months AS INTEGER), ${byPrepaid}` : byPrepaid;
  // prepaidMonths is a checked integer (checkCoverage), so it is written as a literal.
  return `greatest(1, CAST(coalesce(${parts}) AS INTEGER))`;
}

/** Period index (periodIndexSql) of the month index `monthIndex` = year·12 + month. */
function periodOfMonthIndexSql(period: CohortPeriod, monthIndex: string): string {
  if (period === "month") return monthIndex;
  if (period === "year") return `((${monthIndex} - 1) // 12)`;
  return `(((${monthIndex} - 1) // 12) * 4 + ((${monthIndex} - 1) % 12) // 3 + 1)`;
}

/** Month index (year·12 + month) of the last month of the quarter/year holding `monthIndex`. */
function lastMonthOfPeriodSql(period: "quarter" | "year" | "week", monthIndex: string): string {
  if (period === "year") return `(${monthIndex} + 11 - (${monthIndex} - 1) % 12)`;
  return `(${monthIndex} + 2 - (${monthIndex} - 1) % 3)`;
}

export interface PaidPeriodsShape {
  /**
   * Subscription coverage, quarter/year periods: instead of summing the covered months, keep the
   * recurring revenue of the period's last month (the month of `$asOf` in the current period), so a
   * customer is paying in a period when they pay at its end, and revenue is MRR at period end.
   * Why: summed revenue makes a customer who started mid-quarter look like expansion the next
   * quarter (1.5 months, then 3), which hides real revenue churn. Default false.
   */
  snapshotAtPeriodEnd?: boolean;
}

/**
 * SQL (a SELECT) of what each customer paid per period: customer_id (VARCHAR), period_index (the
 * periodIndexSql index of the period) and revenue (the share of their orders' amounts that falls in
 * that period). Orders after the bound `$asOf` are ignored; covered periods after `$asOf` are kept
 * (callers cut at the analysis period).
 *
 * @example
 * paidPeriodsSql('"orders"', "quarter", settings); // a prepaid 1,200 order on 2026-01-15 → 4 quarters of 300
 */
export function paidPeriodsSql(relation: string, period: CohortPeriod, settings: CoverageSettings, shape: PaidPeriodsShape = {}): string {
  const orders = `SELECT CAST(customer_id AS VARCHAR) AS customer_id, CAST(order_date AS DATE) AS order_date, CAST(amount AS DOUBLE) AS amount,
           ${coveredMonthsSql(settings)} AS covered_months
    FROM ${relation} WHERE CAST(order_date AS DATE) <= CAST($asOf AS DATE)`;
  if (settings.coverage === "orders") {
    return `SELECT customer_id, ${periodIndexSql(period, "order_date")} AS period_index, sum(amount) AS revenue
  FROM (${orders}) o GROUP BY ALL`;
  }
  if (period === "week") {
    const first = periodIndexSql("week", "order_date");
    const last = periodIndexSql("week", "CAST(order_date + to_months(covered_months) - INTERVAL 1 DAY AS DATE)");
    // Weeks after the analysis date have not happened yet: a payment covering them says nothing about retention.
    return `SELECT customer_id, period_index, sum(revenue) AS revenue FROM (
    SELECT customer_id, unnest(range(first_week, last_week + 1)) AS period_index, amount / (last_week - first_week + 1) AS revenue
    FROM (SELECT customer_id, amount, ${first} AS first_week, ${last} AS last_week FROM (${orders}) o0) o
  ) WHERE period_index <= ${periodIndexSql("week", "CAST($asOf AS DATE)")} GROUP BY ALL`;
  }
  const monthIndex = periodIndexSql("month", "order_date");
  // Snapshot: keep only the period's last month (or the analysis month in the current period).
  const asOfMonth = periodIndexSql("month", "CAST($asOf AS DATE)");
  // Months after the analysis date have not happened yet: a prepayment covering them must not count
  // as retention there (it would put retention above 100% for cohorts still being observed).
  const conditions = [`month_index <= ${asOfMonth}`];
  if (shape.snapshotAtPeriodEnd && period !== "month") conditions.push(`month_index = least(${lastMonthOfPeriodSql(period, "month_index")}, ${asOfMonth})`);
  return `SELECT customer_id, ${periodOfMonthIndexSql(period, "month_index")} AS period_index, sum(revenue) AS revenue FROM (
    SELECT customer_id, ${monthIndex} + unnest(range(covered_months)) AS month_index, amount / covered_months AS revenue
    FROM (${orders}) o
  ) WHERE ${conditions.join(" AND ")} GROUP BY ALL`;
}

/**
 * SQL (a SELECT of `customer_id`, VARCHAR, one row each) of the customers paying at the bound
 * `$asOf`: an order dated on or before it covers its calendar month (paidPeriodsSql's month
 * periods). These are the customers churnByPeriod counts as paying at the end of the period that
 * holds `$asOf`, so a share of buyers "still paying" computed from this agrees with its churn.
 * Like the lifecycle's periods, the month is the unit: a monthly payer is paying in the calendar
 * months of their orders, so an analysis date at a month end reads best.
 *
 * @example
 * payingAtAsOfSql('"orders"', settings); // with $asOf = 2026-09-30: an annual order of 2026-01-15 → paying
 */
export function payingAtAsOfSql(relation: string, settings: CoverageSettings): string {
  // Why the pre-filter: spreading every order of the history over its months is most of the cost.
  // An order covers month indexes first … first + n − 1, so one whose last month is before the
  // analysis month cannot cover it; paidPeriodsSql still decides for the orders that remain.
  const monthOf = (date: string) => periodIndexSql("month", `CAST(${date} AS DATE)`);
  const reaching = `(SELECT * FROM ${relation} WHERE ${monthOf("order_date")} + ${coveredMonthsSql(settings)} > ${monthOf("$asOf")})`;
  return `SELECT customer_id FROM (${paidPeriodsSql(reaching, "month", settings)}) paid
  WHERE period_index = ${periodIndexSql("month", "CAST($asOf AS DATE)")}`;
}

/**
 * SQL of the first day (DATE) of the period with index `expr` (inverse of periodIndexSql).
 *
 * @example
 * periodStartFromIndexSql("month", "24315"); // 24315 = 2026·12 + 3 → DATE 2026-03-01
 */
export function periodStartFromIndexSql(period: CohortPeriod, expr: string): string {
  if (period === "month") return `make_date(CAST((${expr} - 1) // 12 AS INTEGER), CAST((${expr} - 1) % 12 + 1 AS INTEGER), 1)`;
  if (period === "quarter") return `make_date(CAST((${expr} - 1) // 4 AS INTEGER), CAST(((${expr} - 1) % 4) * 3 + 1 AS INTEGER), 1)`;
  if (period === "year") return `make_date(CAST(${expr} AS INTEGER), 1, 1)`;
  return `CAST(DATE '1969-12-29' + CAST(${expr} * 7 AS INTEGER) AS DATE)`;
}

/**
 * Resolve coverage options against the transactions' columns.
 *
 * @example
 * const settings = await coverageSettings(ds, "orders", { coverage: "subscription" });
 */
export async function coverageSettings(dataset: Dataset, table: TransactionsTable, options: CoverageOptions): Promise<CoverageSettings> {
  const checked = checkCoverage(options);
  const columns = checked.coverage === "orders" ? { periodMonths: false, prepaid: false } : await coverageColumnsOf(dataset, table);
  return { ...checked, columns };
}
