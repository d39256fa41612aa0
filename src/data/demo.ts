/**
 * The demo data: a deterministic synthetic B2B SaaS business (see demo-signals.ts for the story and
 * the planted signals), generated inside DuckDB with set-based SQL and a seeded hash: the result is
 * identical for the same seed and options on any thread count. 1,000,000 customers (27M rows in 11
 * tables) take ~18 s of CPU to generate and ~19 s more to write as CSV + Parquet, spread over both
 * cores of a 2-core machine (README "Benchmarks").
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ParameterError } from "../errors/index.js";
import { quoteIdent } from "../sql/index.js";
import { Dataset, openDatabase, readModelColumns, type OpenDatabaseOptions } from "./dataset.js";
import { isIsoDate } from "./dates.js";
import { SCHEMA, TABLE_NAMES, type TableName } from "./schema.js";
import { DEMO_DEFAULTS } from "./engine-free.js";
import { demoMacros } from "./demo-sql-helpers.js";
import { sqlString } from "./sql-text.js";
import { customersTableSql, demoCustomersSql, demoIdsSql } from "./demo-customers.js";
import { departmentsTableSql, eventsTableSql, ordersTableSql, seatsTableSql } from "./demo-activity.js";
import { npsTableSql, promotionsTableSql, referralsSql, reviewsTableSql, touchesTableSql, trialsTableSql } from "./demo-marketing.js";

export interface DemoOptions extends OpenDatabaseOptions {
  /** Number of customers (signups, including trial users who never bought). Default 2,000. */
  customers?: number;
  /** Seed of the hash-based random draws. Default 42. */
  seed?: number;
  /** Analysis date (ISO): no date in the data lies after it. Default 2026-09-30 (end of 2026Q3). */
  asOf?: string;
  /** First signup day (ISO). Default 2024-01-01. */
  startDate?: string;
}

/** Validated demo options with defaults applied. */
function resolveDemoOptions(options: DemoOptions): Required<Pick<DemoOptions, "customers" | "seed" | "asOf" | "startDate">> {
  const customers = options.customers ?? DEMO_DEFAULTS.customers;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const asOf = options.asOf ?? DEMO_DEFAULTS.asOf;
  const startDate = options.startDate ?? DEMO_DEFAULTS.startDate;
  if (!Number.isInteger(customers) || customers < 1 || customers > 10_000_000)
    throw new ParameterError(`customers must be a whole number from 1 to 10,000,000, got ${customers}`, { customers });
  // The seed becomes part of SQL macro text (macros cannot take bound parameters): only safe integers.
  if (!Number.isSafeInteger(seed)) throw new ParameterError(`seed must be a whole number, got ${seed}`, { seed });
  for (const [name, value] of [["asOf", asOf], ["startDate", startDate]] as const)
    if (!isIsoDate(value)) throw new ParameterError(`${name} must be an ISO date YYYY-MM-DD, got "${value}"`, { [name]: value });
  if (startDate >= asOf) throw new ParameterError(`startDate (${startDate}) must be before asOf (${asOf})`, { startDate, asOf });
  return { customers, seed, asOf, startDate };
}

/** Generate every model table into an open connection (temp helper tables are dropped after). */
export async function generateDemoTables(connection: DuckDBConnection, options: DemoOptions = {}): Promise<void> {
  const { customers, seed, asOf, startDate } = resolveDemoOptions(options);
  const statements = [
    ...demoMacros(seed),
    demoIdsSql(customers),
    demoCustomersSql({ customers, startDate, asOf }),
    customersTableSql(),
    ordersTableSql(asOf),
    eventsTableSql(asOf),
    seatsTableSql(),
    departmentsTableSql(),
    touchesTableSql(asOf),
    trialsTableSql(asOf),
    npsTableSql(),
    reviewsTableSql(),
    ...referralsSql(),
    promotionsTableSql(startDate, asOf),
  ];
  for (const sql of statements) await connection.run(sql);
  for (const temp of ["_demo_ids", "_demo_c", "_demo_promoters", "_demo_promoters_by_day"]) await connection.run(`DROP TABLE IF EXISTS ${temp}`);
  await conformToSchema(connection);
}

/** Make every generated column carry exactly the schema's type (SQL literals can come out DECIMAL). */
async function conformToSchema(connection: DuckDBConnection): Promise<void> {
  const present = await connection.runAndReadAll("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'");
  const types = new Map((present.getRowsJS() as [string, string, string][]).map(([t, c, type]) => [`${t}.${c}`, type]));
  for (const table of TABLE_NAMES) {
    for (const [column, def] of Object.entries(SCHEMA[table].columns)) {
      const actual = types.get(`${table}.${column}`);
      if (actual === undefined) throw new Error(`demo generator bug: ${table}.${column} was not generated`);
      if (actual !== def.type) await connection.run(`ALTER TABLE ${quoteIdent(table)} ALTER ${quoteIdent(column)} TYPE ${def.type}`);
    }
  }
}

/**
 * The demo business as an in-memory Dataset (no files): every model table filled, with the
 * signals in PLANTED_SIGNALS. Same options → same data.
 *
 * @example
 * const ds = await demoDataset({ customers: 5000, seed: 7 });
 * const byChannel = await ds.query("SELECT acquisition_channel, count(*) AS n FROM customers GROUP BY 1");
 * ds.close();
 */
export async function demoDataset(options: DemoOptions = {}): Promise<Dataset> {
  resolveDemoOptions(options);
  const { instance, connection } = await openDatabase(options);
  try {
    await generateDemoTables(connection, options);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return new Dataset(instance, connection, await readModelColumns(connection));
}

export type DemoFileFormat = "csv" | "parquet";

export interface WriteDemoDataOptions extends DemoOptions {
  /** File formats to write; default ["csv"]. */
  formats?: DemoFileFormat[];
}

export interface WrittenDemoData {
  /** Absolute paths of the files written, `<dir>/<table>.<format>`. */
  files: string[];
  /** Rows per table. */
  rowCounts: Record<TableName, number>;
}

/**
 * Generate the demo data and write one file per table and format into `dir` (created if needed):
 * `<table>.csv` (header, ISO dates) and/or `<table>.parquet`, via DuckDB COPY.
 *
 * @example
 * const { files, rowCounts } = await writeDemoData("data/demo", { customers: 100_000, seed: 1, formats: ["csv", "parquet"] });
 */
export async function writeDemoData(dir: string, options: WriteDemoDataOptions = {}): Promise<WrittenDemoData> {
  const formats = options.formats ?? ["csv"];
  for (const format of formats)
    if (format !== "csv" && format !== "parquet") throw new ParameterError(`unknown format "${format}" (expected csv or parquet)`, { format });
  const dataset = await demoDataset(options);
  try {
    const absoluteDir = resolve(dir);
    await mkdir(absoluteDir, { recursive: true });
    const files: string[] = [];
    const rowCounts = {} as Record<TableName, number>;
    for (const table of TABLE_NAMES) {
      const count = await dataset.connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM ${quoteIdent(table)}`);
      rowCounts[table] = Number(count.getRowsJS()[0][0]);
      for (const format of formats) {
        const file = join(absoluteDir, `${table}.${format}`);
        // COPY takes its target as SQL text (no parameter); the path is quoted as a literal.
        // CSV dates are DuckDB's default ISO text (an explicit DATEFORMAT wrote the same bytes 10-20 % slower).
        const copyOptions = format === "csv" ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd";
        await dataset.run(`COPY ${quoteIdent(table)} TO ${sqlString(file)} (${copyOptions})`);
        files.push(file);
      }
    }
    return { files, rowCounts };
  } finally {
    dataset.close();
  }
}
