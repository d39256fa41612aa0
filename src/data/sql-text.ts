/**
 * SQL string literals for the few places DuckDB takes text that cannot be a bound parameter
 * (file paths in read_csv/COPY, reader options, macro bodies).
 */

/**
 * Quote a value as a SQL string literal (single quotes doubled).
 *
 * @example sqlString("it's.csv") // "'it''s.csv'"
 */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
