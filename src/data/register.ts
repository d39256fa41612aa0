/**
 * Push an analyst's arquero table into a dataset's DuckDB database, so it can be joined with the
 * model tables in SQL (and, when it is named like a model table, so criteria can use it).
 *
 * Why chunks: TOOLCHAIN.md measured `DuckDBDataChunk.setColumns` + `appendDataChunk` in 2,048-row
 * chunks at ≈60 ms per 100k rows, against ≈850 ms for `INSERT ... unnest(list)`. 2,048 is DuckDB's
 * standard vector size, the largest a data chunk holds.
 */
import {
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDateValue,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from "@duckdb/node-api";
import { DataError, type DataProblem } from "../errors/index.js";
import { quoteIdent } from "../sql/index.js";
import { SCHEMA, TABLE_NAMES, type ColumnType, type TableName } from "./schema.js";
import type { Dataset, Table } from "./dataset.js";
import { isoDateToDays } from "./dates.js";

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

export interface RegisterArqueroOptions {
  /**
   * DuckDB types for columns that are not model columns (model columns always get the schema's type).
   * Default: inferred from the values (all numbers → DOUBLE, booleans → BOOLEAN, JS Dates →
   * DATE, otherwise VARCHAR).
   */
  columnTypes?: Record<string, ColumnType>;
}

/** What was registered: the table name, its row count and the DuckDB type given to each column. */
export interface RegisteredTable {
  table: string;
  rows: number;
  columnTypes: Record<string, ColumnType>;
}

const DUCKDB_TYPES: Record<ColumnType, DuckDBType> = { VARCHAR, DATE, DOUBLE, INTEGER, BOOLEAN };

/**
 * Create (or replace) table `name` in the dataset's DuckDB from an arquero table, with typed
 * columns. Columns of a model table (see schema.ts) get the model's types, and the dataset's
 * `columns` learns about the table; other columns are typed from `options.columnTypes` or their
 * values. DATE columns accept `YYYY-MM-DD` strings and JS Dates (taken as UTC days). A value that
 * does not fit its column's type is never turned into null: it raises a DataError naming the row
 * (1-based), the column, the value and the expected type.
 *
 * @example
 * const scores = aq.table({ customer_id: ["c1", "c2"], health: [0.9, 0.2] });
 * await registerArquero(dataset, "health_scores", scores);
 * await dataset.query("SELECT c.industry, avg(h.health) FROM customers c JOIN health_scores h USING (customer_id) GROUP BY 1");
 */
export async function registerArquero(dataset: Dataset, name: string, table: Table, options: RegisterArqueroOptions = {}): Promise<RegisteredTable> {
  const registered = await createTableFromArquero(dataset.connection, name, table, options);
  if ((TABLE_NAMES as string[]).includes(name)) await dataset.refreshColumns();
  return registered;
}

/**
 * The connection-level work of registerArquero (no Dataset needed; the loaders use it to stage
 * Arrow files). Model table names get the model's column types.
 *
 * @example
 * await createTableFromArquero(connection, "_stage_orders", aq.fromArrow(bytes));
 */
export async function createTableFromArquero(connection: DuckDBConnection, name: string, table: Table, options: RegisterArqueroOptions = {}): Promise<RegisteredTable> {
  const columnNames = table.columnNames();
  if (columnNames.length === 0) throw new DataError(`cannot register table "${name}": it has no columns`, [], { table: name });
  const modelColumns = (TABLE_NAMES as string[]).includes(name) ? SCHEMA[name as TableName].columns : undefined;
  const rowCount = table.numRows();
  const arrays = columnNames.map((column) => Array.from(table.array(column) as ArrayLike<unknown>));
  const columnTypes: Record<string, ColumnType> = {};
  columnNames.forEach((column, index) => {
    columnTypes[column] = modelColumns?.[column]?.type ?? options.columnTypes?.[column] ?? inferColumnType(arrays[index]);
  });

  // Convert every value first, so a bad value fails before the table is replaced.
  const problems: DataProblem[] = [];
  const converted = columnNames.map((column, index) => convertColumn(arrays[index], columnTypes[column], name, column, problems));
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((p) => `  ${p.message}`).join("\n");
    throw new DataError(`cannot register table "${name}": ${problems.length} value(s) do not fit their column types\n${shown}`, problems.slice(0, 100), { table: name });
  }

  const ddl = columnNames.map((column) => `${quoteIdent(column)} ${columnTypes[column]}`).join(", ");
  await connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(name)} (${ddl})`);
  const appender = await connection.createAppender(name);
  const types = columnNames.map((column) => DUCKDB_TYPES[columnTypes[column]]);
  for (let start = 0; start < rowCount; start += CHUNK_ROWS) {
    const end = Math.min(start + CHUNK_ROWS, rowCount);
    const chunk = DuckDBDataChunk.create(types, end - start);
    chunk.setColumns(converted.map((values) => values.slice(start, end)));
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
  return { table: name, rows: rowCount, columnTypes };
}

/** The DuckDB type a column's values suggest (nulls ignored; an all-null column is VARCHAR). */
function inferColumnType(values: unknown[]): ColumnType {
  let sawNumber = false;
  let sawBoolean = false;
  let sawDate = false;
  let sawOther = false;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    if (typeof value === "number" || typeof value === "bigint") sawNumber = true;
    else if (typeof value === "boolean") sawBoolean = true;
    else if (value instanceof Date) sawDate = true;
    else sawOther = true;
  }
  const kinds = [sawNumber, sawBoolean, sawDate, sawOther].filter(Boolean).length;
  if (kinds !== 1 || sawOther) return "VARCHAR";
  return sawNumber ? "DOUBLE" : sawBoolean ? "BOOLEAN" : "DATE";
}

/** Convert one column's JS values to DuckDB values of `type`, recording values that do not fit. */
function convertColumn(values: unknown[], type: ColumnType, table: string, column: string, problems: DataProblem[]): DuckDBValue[] {
  const out: DuckDBValue[] = new Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      out[index] = null;
      continue;
    }
    const result = convertValue(value, type);
    if (result === undefined) {
      const shown = value instanceof Date ? value.toISOString() : String(value);
      problems.push({
        kind: "bad_value",
        table,
        row: index + 1,
        column,
        value: shown,
        expected: EXPECTED[type],
        message: `row ${index + 1}, column "${column}": value "${shown}" is not ${EXPECTED[type]}`,
      });
      out[index] = null;
    } else out[index] = result;
  }
  return out;
}

const EXPECTED: Record<ColumnType, string> = {
  VARCHAR: "a string",
  DATE: "a date (YYYY-MM-DD string or JS Date)",
  DOUBLE: "a number",
  INTEGER: "a whole number in the 32-bit range",
  BOOLEAN: "a boolean",
};

/** One value to its DuckDB form, or undefined when it does not fit the type. */
function convertValue(value: unknown, type: ColumnType): DuckDBValue | undefined {
  switch (type) {
    case "VARCHAR":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
      return undefined;
    case "DOUBLE":
      if (typeof value === "number") return value;
      if (typeof value === "bigint") return Number(value);
      return undefined;
    case "INTEGER": {
      const n = typeof value === "bigint" ? Number(value) : value;
      return typeof n === "number" && Number.isInteger(n) && Math.abs(n) <= 2147483647 ? n : undefined;
    }
    case "BOOLEAN":
      return typeof value === "boolean" ? value : undefined;
    case "DATE": {
      // Dates are UTC calendar days everywhere (ARCHITECTURE.md §1); a JS Date is read in UTC.
      if (value instanceof Date) {
        const ms = value.getTime();
        return Number.isNaN(ms) ? undefined : new DuckDBDateValue(Math.floor(ms / 86_400_000));
      }
      if (typeof value === "string") {
        const days = isoDateToDays(value);
        return days === undefined ? undefined : new DuckDBDateValue(days);
      }
      return undefined;
    }
  }
}
