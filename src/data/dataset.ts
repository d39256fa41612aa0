/**
 * The dataset handle: an embedded DuckDB database holding the model's tables (see schema.ts), plus
 * what is known about which tables and columns are present. Analytics take a `Dataset` and run SQL
 * in it; what an analyst looks at comes back as an arquero table via `query`/`toArquero`.
 *
 * Why DuckDB computes and arquero holds results: ../shared/ARCHITECTURE.md §1 (arquero measured 17x
 * slower and 5.4 GB on 1M customers). Whole million-row tables stay in DuckDB.
 */
import { DuckDBConnection, DuckDBInstance, type DuckDBResultReader, type DuckDBValue } from "@duckdb/node-api";
import * as aq from "arquero";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCHEMA, TABLE_NAMES, type Row, type TableName } from "./schema.js";
import { quoteIdent } from "../sql/index.js";

/** An arquero table, as returned by every query that an analyst looks at. */
export type Table = aq.ColumnTable;

/** Query parameters, bound by name (`$name` in the SQL text). Never pasted into SQL. */
export type QueryParams = Record<string, DuckDBValue | number | string | boolean | null>;

export interface OpenDatabaseOptions {
  /** A DuckDB file to keep the data in; default in memory. */
  path?: string;
  /** DuckDB `threads` setting; default DuckDB's own (the core count). */
  threads?: number;
  /** DuckDB `memory_limit`, e.g. '2GB'. */
  memoryLimit?: string;
  /**
   * Where DuckDB spills what does not fit in memory. Default for an in-memory database: a folder of this
   * process under the system temp folder (DuckDB's own default, `./.tmp`, would fill the notebook's folder
   * and outlive a killed run there); for a file database, DuckDB's default (`<path>.tmp`).
   */
  tempDirectory?: string;
}

/** Open (or create) an embedded DuckDB database and one connection to it. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const tempDirectory = options.tempDirectory ?? (options.path ? undefined : join(tmpdir(), `icp-lab-duckdb-${process.pid}`));
  if (tempDirectory) config.temp_directory = tempDirectory;
  const instance = await DuckDBInstance.create(options.path ?? ":memory:", config);
  const connection = await instance.connect();
  return { instance, connection };
}

/**
 * Convert a DuckDB result to an arquero table. BIGINT/HUGEINT become numbers, DATE becomes an ISO
 * `YYYY-MM-DD` string (UTC calendar days are the one date convention), DECIMAL a number.
 */
export function resultToArquero(result: DuckDBResultReader): Table {
  const names = result.columnNames();
  const types = result.columnTypes().map(String);
  const columns = result.getColumnsObjectJS() as Record<string, unknown[]>;
  const converted: Record<string, unknown[]> = {};
  names.forEach((name, index) => {
    const type = types[index];
    const values = columns[name];
    if (type === "DATE") converted[name] = values.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
    else converted[name] = values.map((v) => (typeof v === "bigint" ? Number(v) : v));
  });
  return aq.table(converted);
}

/** A loaded dataset: the DuckDB database plus which model tables and columns it holds. */
export class Dataset {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  /** Model tables present, with the columns each has. */
  readonly columns: Map<TableName, Set<string>>;

  constructor(instance: DuckDBInstance, connection: DuckDBConnection, columns: Map<TableName, Set<string>>) {
    this.instance = instance;
    this.connection = connection;
    this.columns = columns;
  }

  /** Model tables present in this dataset. */
  get tables(): TableName[] {
    return [...this.columns.keys()];
  }

  hasTable(table: TableName): boolean {
    return this.columns.has(table);
  }

  /** True when the table is present and has the column (with non-null values allowed). */
  hasColumn(table: TableName, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  /** Run SQL and return the result as an arquero table. Parameters are bound by name (`$name`). */
  async query(sql: string, params?: QueryParams): Promise<Table> {
    return resultToArquero(await this.connection.runAndReadAll(sql, params as Record<string, DuckDBValue> | undefined));
  }

  /** Run SQL for its effect (CREATE TABLE ..., INSERT ...). */
  async run(sql: string, params?: QueryParams): Promise<void> {
    await this.connection.run(sql, params as Record<string, DuckDBValue> | undefined);
  }

  /** Re-read which model tables/columns exist (after an analyst created or altered tables). */
  async refreshColumns(): Promise<void> {
    this.columns.clear();
    for (const [table, cols] of await readModelColumns(this.connection)) this.columns.set(table, cols);
  }

  /** Close the connection and the database. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Which model tables exist in the database, and their columns. */
export async function readModelColumns(connection: DuckDBConnection): Promise<Map<TableName, Set<string>>> {
  const result = await connection.runAndReadAll(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'",
  );
  const found = new Map<TableName, Set<string>>();
  for (const [table, column] of result.getRowsJS() as [string, string][]) {
    if (!(TABLE_NAMES as string[]).includes(table)) continue;
    const name = table as TableName;
    if (!found.has(name)) found.set(name, new Set());
    found.get(name)!.add(column);
  }
  return found;
}

/**
 * Create a table in DuckDB from in-memory rows with the model's column types (for fixtures, tests
 * and analysts' small tables). Columns not in the model are kept as VARCHAR/DOUBLE/BOOLEAN by value.
 */
export async function createTableFromRows(connection: DuckDBConnection, table: string, rows: Row[], typeOf: (column: string) => string): Promise<void> {
  const columnNames = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const ddl = columnNames.map((c) => `${quoteIdent(c)} ${typeOf(c)}`).join(", ");
  await connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} (${ddl})`);
  if (rows.length === 0) return;
  // Fixtures are small: a prepared INSERT with CASTs converts ISO date strings by the column type.
  // (Bulk loads go through DuckDB's file readers, not this.)
  const placeholders = columnNames.map((c) => `CAST(? AS ${typeOf(c)})`).join(", ");
  const prepared = await connection.prepare(`INSERT INTO ${quoteIdent(table)} VALUES (${placeholders})`);
  for (const row of rows) {
    columnNames.forEach((c, i) => {
      const value = row[c];
      if (value === null || value === undefined) prepared.bindNull(i + 1);
      else if (typeof value === "boolean") prepared.bindBoolean(i + 1, value);
      else if (typeof value === "number") prepared.bindDouble(i + 1, value);
      else prepared.bindVarchar(i + 1, value);
    });
    await prepared.run();
  }
}

/** DuckDB type of a model column, or a type guessed from the first non-null value for extra columns. */
function modelTypeOf(table: string, rows: Row[]): (column: string) => string {
  return (column) => {
    const def = (SCHEMA as Record<string, (typeof SCHEMA)[TableName] | undefined>)[table]?.columns[column];
    if (def) return def.type;
    const sample = rows.find((r) => r[column] !== null && r[column] !== undefined)?.[column];
    return typeof sample === "number" ? "DOUBLE" : typeof sample === "boolean" ? "BOOLEAN" : "VARCHAR";
  };
}

/**
 * Build a dataset from in-memory rows, one array per model table (dates as `YYYY-MM-DD`).
 * No validation beyond DuckDB's casts: meant for small hand-built fixtures and examples.
 *
 * @example
 * const ds = await datasetFromRows({ customers: [{ customer_id: "c1", signup_date: "2025-01-03" }], orders: [] });
 */
export async function datasetFromRows(tables: Partial<Record<TableName, Row[]>>, options: OpenDatabaseOptions = {}): Promise<Dataset> {
  const { instance, connection } = await openDatabase(options);
  for (const [table, rows] of Object.entries(tables) as [TableName, Row[]][]) {
    const typeOf = modelTypeOf(table, rows);
    if (rows.length === 0) {
      // An empty table still gets every model column, so queries over it work.
      const cols = Object.entries(SCHEMA[table].columns).map(([c, def]) => `${quoteIdent(c)} ${def.type}`);
      await connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} (${cols.join(", ")})`);
    } else {
      await createTableFromRows(connection, table, rows, typeOf);
    }
  }
  return new Dataset(instance, connection, await readModelColumns(connection));
}
