/**
 * `loadDataset`: files (CSV, JSON/NDJSON, Parquet, Arrow) → an embedded DuckDB database with the
 * model's tables, validated, plus a LoadReport of what was loaded, found and dropped.
 */
import { DataError, IcpError, ParameterError } from "../errors/index.js";
import { quoteIdent } from "../sql/index.js";
import { Dataset, openDatabase, type OpenDatabaseOptions } from "./dataset.js";
import { isIsoDate } from "./dates.js";
import { LOAD_DEFAULTS } from "./engine-free.js";
import { SCHEMA, TABLE_NAMES, type TableName } from "./schema.js";
import { resolveSources, type DatasetSource, type SourceFormat } from "./load-sources.js";
import { readTable, type ReadResult } from "./load-read.js";
import { validateTables, type ValidationResult } from "./load-validate.js";
import { formatProblems, problemMessage, type LoadProblem, type LoadProblemKind, type ProblemSummary } from "./load-problems.js";

export interface LoadOptions extends OpenDatabaseOptions {
  /** Analysis date (ISO). Dates after it are problems. Default: none (no future-date check). */
  asOf?: string;
  /** true (default): any problem fails the load with a DataError. false: bad rows are dropped and reported. */
  strict?: boolean;
  /** Most problems listed in detail (all are counted). Default 100. */
  maxErrors?: number;
  /**
   * Their column names → ours. Flat (`{ signup: "signup_date" }`, applies to every table) or per
   * table (`{ customers: { id: "customer_id" } }`). Default: names are used as they are.
   */
  columnMap?: Record<string, string> | Partial<Record<TableName, Record<string, string>>>;
  /** Their file stem → our table name, for folders (`{ accounts: "customers" }`). */
  tableMap?: Record<string, string>;
  /** strptime format of text dates, e.g. '%d/%m/%Y' or '%m/%d/%Y'. Default ISO '%Y-%m-%d'. */
  dateFormat?: string;
  /** CSV delimiter. Default ',' (tab for .tsv). */
  delimiter?: string;
  /** When a folder holds a table in several formats, which wins. Default parquet, arrow, csv, ndjson, json. */
  preferFormat?: SourceFormat[];
}

/** What was loaded for one table. */
export interface TableLoadReport {
  table: TableName;
  file: string;
  format: SourceFormat;
  /** Data rows in the file (loaded + rejected while parsing). */
  rowsRead: number;
  /** Rows in the table after validation. */
  rows: number;
  /** Model columns present, and optional model columns the file lacks. */
  columns: string[];
  missingOptionalColumns: string[];
  /** min/max of each DATE column (ISO), null when the column is empty. */
  dateRanges: Record<string, { min: string | null; max: string | null }>;
}

/** Everything a user needs to trust (or fix) a load. */
export interface LoadReport {
  asOf?: string;
  strict: boolean;
  tables: TableLoadReport[];
  missingOptionalTables: TableName[];
  ignoredFiles: string[];
  /** Problems found (listed up to maxErrors), their complete count per kind and in total. */
  problems: LoadProblem[];
  problemCounts: ProblemSummary;
  problemTotal: number;
  /** Lenient mode: rows dropped per table (parse failures and failed checks, orphans included). */
  dropped: { table: TableName; file: string; rows: number; dataRows: number[] }[];
}

/** A Dataset loaded from files, with its LoadReport. */
export class LoadedDataset extends Dataset {
  report!: LoadReport;
}

function columnMapFor(table: TableName, columnMap: LoadOptions["columnMap"]): Record<string, string> {
  if (!columnMap) return {};
  const perTable = columnMap[table as keyof typeof columnMap];
  if (perTable && typeof perTable === "object") return perTable as Record<string, string>;
  return Object.fromEntries(Object.entries(columnMap).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

function checkOptions(options: LoadOptions): void {
  if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new ParameterError(`asOf must be an ISO date YYYY-MM-DD, got "${options.asOf}"`, { asOf: options.asOf });
  const maxErrors = options.maxErrors ?? LOAD_DEFAULTS.maxErrors;
  if (!Number.isInteger(maxErrors) || maxErrors < 1) throw new ParameterError(`maxErrors must be a whole number >= 1, got ${maxErrors}`, { maxErrors });
  if (options.dateFormat !== undefined && !options.dateFormat.includes("%")) throw new ParameterError(`dateFormat must be a strptime format such as '%d/%m/%Y', got "${options.dateFormat}"`, { dateFormat: options.dateFormat });
}

/** Structural problems: required tables and columns that are missing. */
function structuralProblems(reads: ReadResult[]): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const loaded = new Set(reads.map((r) => r.source.table));
  for (const table of TABLE_NAMES) {
    if (SCHEMA[table].required && !loaded.has(table)) {
      const p: LoadProblem = { kind: "missing_table", table, expected: `a file ${table}.csv / .parquet / .json / .ndjson / .arrow`, message: "" };
      p.message = problemMessage(p);
      problems.push(p);
    }
  }
  for (const read of reads) {
    const have = new Set(read.columns.map((c) => c.ours));
    for (const [column, def] of Object.entries(SCHEMA[read.source.table].columns)) {
      if (!def.required || have.has(column)) continue;
      const single = read.fileColumns.length === 1 ? read.fileColumns[0] : "";
      const hint = /[;\t|]/.test(single)
        ? `the header has one column "${single.slice(0, 60)}": is the delimiter ${single.includes(";") ? "';'" : single.includes("|") ? "'|'" : "a tab"}? (delimiter option)`
        : `the file has ${read.fileColumns.map((c) => `"${c}"`).join(", ") || "no columns"}; map yours with columnMap`;
      const p: LoadProblem = { kind: "missing_column", file: read.source.file, table: read.source.table, column, expected: hint, message: "" };
      p.message = problemMessage(p);
      problems.push(p);
    }
  }
  return problems;
}

async function dateRanges(dataset: Dataset, table: TableName, columns: string[]): Promise<TableLoadReport["dateRanges"]> {
  const dates = columns.filter((c) => SCHEMA[table].columns[c]?.type === "DATE");
  if (!dates.length) return {};
  const sql = dates.map((c, i) => `min(${quoteIdent(c)}) AS min${i}, max(${quoteIdent(c)}) AS max${i}`).join(", ");
  const row = (await dataset.query(`SELECT ${sql} FROM ${quoteIdent(table)}`)).objects()[0] as Record<string, string | null>;
  return Object.fromEntries(dates.map((c, i) => [c, { min: row[`min${i}`], max: row[`max${i}`] }]));
}

/** Row counts, columns and date ranges per loaded table. */
async function tableReports(dataset: Dataset, reads: ReadResult[], validation: ValidationResult): Promise<TableLoadReport[]> {
  const tables: TableLoadReport[] = [];
  for (const r of reads) {
    const columns = r.columns.map((c) => c.ours);
    const count = await dataset.query(`SELECT count(*) AS n FROM ${quoteIdent(r.source.table)}`);
    tables.push({
      table: r.source.table, file: r.source.file, format: r.source.format,
      rowsRead: r.rowsLoaded + r.rejectedRows.length, rows: count.get("n", 0) as number, columns,
      missingOptionalColumns: Object.keys(SCHEMA[r.source.table].columns).filter((c) => !columns.includes(c)),
      // Ranges from the validation scan, unless lenient loading deleted rows of this table since.
      dateRanges: validation.dropped.some((d) => d.table === r.source.table) || !validation.dateRanges[r.source.table]
        ? await dateRanges(dataset, r.source.table, columns)
        : validation.dateRanges[r.source.table]!,
    });
  }
  return tables;
}

/** One dropped entry per table: rows that failed to parse plus rows that failed checks. */
function mergeDropped(reads: ReadResult[], checked: LoadReport["dropped"], maxListed: number): LoadReport["dropped"] {
  return reads
    .map((r) => {
      const fromChecks = checked.find((d) => d.table === r.source.table);
      const dataRows = [...r.rejectedRows, ...(fromChecks?.dataRows ?? [])].sort((a, b) => a - b).slice(0, maxListed);
      return { table: r.source.table, file: r.source.file, rows: r.rejectedRows.length + (fromChecks?.rows ?? 0), dataRows };
    })
    .filter((d) => d.rows > 0);
}

/**
 * Load a folder (or files) into an embedded DuckDB database, with the schema's explicit types,
 * column mapping, date formats and validation (see load-read.ts and load-validate.ts).
 * Strict (default): any problem throws a DataError listing every problem (up to maxErrors) with
 * file, data row (and line), column, value and expectation. Lenient: bad rows and orphan rows are
 * dropped and listed in `report.dropped`; nothing is silently turned into null or NaN.
 *
 * @example
 * const ds = await loadDataset("data/acme", { asOf: "2026-09-30", columnMap: { customers: { id: "customer_id" } }, dateFormat: "%d/%m/%Y" });
 * console.log(ds.report.tables.map((t) => `${t.table}: ${t.rows}`));
 * const byPlan = await ds.query("SELECT plan, count(*) AS n FROM customers GROUP BY 1");
 */
export async function loadDataset(source: DatasetSource, options: LoadOptions = {}): Promise<LoadedDataset> {
  checkOptions(options);
  const strict = options.strict ?? LOAD_DEFAULTS.strict;
  const maxErrors = options.maxErrors ?? LOAD_DEFAULTS.maxErrors;
  const { sources, ignored } = await resolveSources(source, { preferFormat: options.preferFormat, tableMap: options.tableMap });
  const { instance, connection } = await openDatabase(options);
  const dataset = new LoadedDataset(instance, connection, new Map());
  try {
    const reads: ReadResult[] = [];
    for (const tableSource of sources) {
      const room = Math.max(1, maxErrors - reads.reduce((n, r) => n + r.problems.length, 0));
      const readOptions = { columnMap: columnMapFor(tableSource.table, options.columnMap), dateFormat: options.dateFormat, delimiter: options.delimiter, maxProblems: room };
      reads.push(await readTable(connection, tableSource, readOptions).catch((error: unknown) => {
        // DuckDB could not read the file at all (not CSV/JSON/Parquet, duplicate header names, ...).
        if (error instanceof IcpError) throw error;
        const problem: LoadProblem = { kind: "unreadable_file", file: tableSource.file, table: tableSource.table, expected: String((error as Error).message ?? error).split("\n")[0], message: "" };
        problem.message = problemMessage(problem);
        throw new DataError(`data check failed: ${problem.message}`, [problem], { problemCounts: { unreadable_file: 1 }, problemTotal: 1 });
      }));
    }
    const structural = structuralProblems(reads);
    const parseProblems = reads.flatMap((r) => r.problems);
    const validation = await validateTables(connection, reads, {
      asOf: options.asOf, lenient: !strict && structural.length === 0,
      maxProblems: Math.max(0, maxErrors - structural.length - parseProblems.length), maxDroppedListed: maxErrors,
    });
    const problemCounts: ProblemSummary = {};
    const add = (kind: string, n: number) => n && (problemCounts[kind as LoadProblemKind] = (problemCounts[kind as LoadProblemKind] ?? 0) + n);
    for (const p of structural) add(p.kind, 1);
    for (const r of reads) for (const [kind, n] of Object.entries(r.problemCounts)) add(kind, n ?? 0);
    for (const [kind, n] of Object.entries(validation.counts)) add(kind, n ?? 0);
    // Structural problems (missing or unreadable files, tables, columns) first: they explain the rest.
    // Then row problems by file and row.
    const rowProblems = [...parseProblems, ...validation.problems].sort(
      (a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.row ?? 0) - (b.row ?? 0),
    );
    const problems = [...structural, ...rowProblems].slice(0, maxErrors);
    const problemTotal = Object.values(problemCounts).reduce((a, b) => a + (b ?? 0), 0);
    await dataset.refreshColumns();
    dataset.report = {
      asOf: options.asOf, strict, tables: await tableReports(dataset, reads, validation), ignoredFiles: ignored,
      missingOptionalTables: TABLE_NAMES.filter((t) => !SCHEMA[t].required && !reads.some((r) => r.source.table === t)),
      problems, problemCounts, problemTotal, dropped: strict ? [] : mergeDropped(reads, validation.dropped, maxErrors),
    };
    if (problemTotal > 0 && (strict || structural.length > 0)) {
      const why = strict ? "" : " (missing tables or columns cannot be fixed by dropping rows)";
      throw new DataError(`data check failed${why}: ${formatProblems(problems, problemCounts)}`, problems, { problemCounts, problemTotal, report: dataset.report });
    }
    return dataset;
  } catch (error) {
    dataset.close();
    throw error;
  }
}
