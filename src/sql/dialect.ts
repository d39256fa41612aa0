/**
 * SQL text generation goes through this one module so that a second dialect (a warehouse, Spark
 * SQL, Trino) is an addition, not a rewrite. Values are never pasted into SQL text: they are bound
 * as parameters. Identifiers (table/column names) cannot be parameters, so they are quoted here,
 * and callers pass only names from the schema registry or a checked whitelist.
 */

/** Quote an identifier for DuckDB (double quotes, embedded quotes doubled). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQL types a bound parameter or a feature can have. */
export type SqlType = "DOUBLE" | "INTEGER" | "BOOLEAN" | "DATE" | "VARCHAR";

/**
 * The pieces of SQL text that differ between engines. Everything icp-lab compiles (criteria,
 * portrait, summaries) is written with these, so adding Trino or Spark SQL means writing one more
 * object of this shape.
 *
 * @example
 * const d = DUCKDB_DIALECT;
 * d.daysBetween("o.first_order_date", d.param("as_of", "DATE")); // date_diff('day', o.first_order_date, CAST($as_of AS DATE))
 */
export interface SqlDialect {
  /** Dialect name, shown by `explain`. */
  readonly name: string;
  /** Quote a table or column name. */
  quoteIdent(name: string): string;
  /** A named, typed parameter placeholder; the value is bound at run time, never pasted. */
  param(name: string, type: SqlType): string;
  /** Whole days from `fromDate` to `toDate` (positive when `toDate` is later). */
  daysBetween(fromDate: string, toDate: string): string;
  /** `date` minus a whole number of months given as an SQL expression. */
  dateMinusMonths(date: string, monthsExpr: string): string;
  /** `date` plus a whole number of days given as an SQL expression. */
  datePlusDays(date: string, daysExpr: string): string;
  /** Count rows of a group where `predicate` holds. */
  countIf(predicate: string): string;
  /** The value of `valueExpr` on the row where `orderExpr` is smallest (largest when `largest`). */
  valueAtExtreme(valueExpr: string, orderExpr: string, largest: boolean): string;
  /** Any row of the group satisfies the boolean expression. */
  boolOr(expr: string): string;
  /** `CAST(expr AS type)`. */
  cast(expr: string, type: SqlType): string;
  /** Quantiles (continuous) of an expression as separate aggregate expressions. */
  quantile(expr: string, fraction: number): string;
  /** Statement that materialises a query as a session-local table. */
  createTempTableAs(table: string, select: string): string;
  /** A CTE (`name AS (...)` inside WITH) computed exactly once however often it is referenced. */
  materializedCte(name: string, select: string): string;
}

/** The DuckDB dialect (the embedded engine). Parameters are `$name`, cast to their declared type. */
export const DUCKDB_DIALECT: SqlDialect = {
  name: "duckdb",
  quoteIdent,
  param: (name, type) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`invalid parameter name ${JSON.stringify(name)}`);
    return `CAST($${name} AS ${type})`;
  },
  daysBetween: (fromDate, toDate) => `date_diff('day', ${fromDate}, ${toDate})`,
  dateMinusMonths: (date, monthsExpr) => `CAST(${date} - to_months(CAST(${monthsExpr} AS INTEGER)) AS DATE)`,
  datePlusDays: (date, daysExpr) => `CAST(${date} + to_days(CAST(${daysExpr} AS INTEGER)) AS DATE)`,
  countIf: (predicate) => `count(*) FILTER (WHERE ${predicate})`,
  valueAtExtreme: (valueExpr, orderExpr, largest) => `${largest ? "arg_max" : "arg_min"}(${valueExpr}, ${orderExpr})`,
  boolOr: (expr) => `bool_or(${expr})`,
  cast: (expr, type) => `CAST(${expr} AS ${type})`,
  quantile: (expr, fraction) => `quantile_cont(${expr}, ${Number(fraction)})`,
  createTempTableAs: (table, select) => `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS\n${select}`,
  materializedCte: (name, select) => `${name} AS MATERIALIZED (\n${select}\n)`,
};
