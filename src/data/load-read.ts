/**
 * Read one file into its model table with the schema's explicit column types (never sniffed),
 * renaming the file's columns to ours, and report every value that does not parse.
 *
 * - CSV: DuckDB `read_csv` with `columns={...}` typed from the schema and `store_rejects=true`;
 *   rejected rows come from its rejects table (TOOLCHAIN.md: `line` counts the header, so data
 *   row = line − 1; rows are only checked when materialised, so we load into a table first).
 * - Parquet, JSON/NDJSON, Arrow: read as they are (JSON all-VARCHAR; Arrow through arquero, as
 *   DuckDB here has no Arrow reader and no extension downloads), then converted column by column
 *   with TRY_CAST; a non-null value whose conversion is null is a problem, never a silent null.
 *
 * Rows that fail to parse are not loaded; `rejectedRows` lists them so later checks can turn a
 * table position back into the file's data row.
 */
import { open, readFile } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import * as aq from "arquero";
import { quoteIdent } from "../sql/index.js";
import { SCHEMA, type ColumnType } from "./schema.js";
import { sqlString } from "./sql-text.js";
import { createTableFromArquero } from "./register.js";
import type { TableSource } from "./load-sources.js";
import type { LoadProblem } from "./load-problems.js";
import { expectedText, problemMessage } from "./load-problems.js";

export interface ReadOptions {
  /** Their column name → ours, for this table. */
  columnMap: Record<string, string>;
  /** strptime format of DATE columns (default ISO `%Y-%m-%d`), e.g. `%d/%m/%Y`. */
  dateFormat?: string;
  /** CSV delimiter; default ','. */
  delimiter?: string;
  /** Most problems to describe in detail (all are counted). */
  maxProblems: number;
}

export interface ReadResult {
  source: TableSource;
  /** Model columns loaded (our names), and the file's name for each. */
  columns: { ours: string; theirs: string }[];
  /** Every column name the file has (for hints when required columns are missing). */
  fileColumns: string[];
  rowsLoaded: number;
  /** Data rows (1-based) that failed to parse and were not loaded, ascending. */
  rejectedRows: number[];
  /**
   * Ids (single-column primary key) of the rows that failed to parse, as far as they could be read:
   * strict checks count them as present, so a child row is not called an orphan because its parent
   * row had a bad date.
   */
  rejectedIds: string[];
  /** Parse problems (at most maxProblems) and how many there were in all, per kind. */
  problems: LoadProblem[];
  problemCounts: Partial<Record<"unparseable_value" | "malformed_row", number>>;
  /** File line of data row 1 minus 1 (CSV with header: 1; NDJSON: 0; others: undefined). */
  lineOffset?: number;
}

/** Read `source` into the model table of the same name (replacing it). */
export async function readTable(connection: DuckDBConnection, source: TableSource, options: ReadOptions): Promise<ReadResult> {
  if (source.format === "csv") return readCsv(connection, source, options);
  let relation: string;
  let rowExpr: string;
  let lineOffset: number | undefined;
  if (source.format === "parquet") {
    relation = `read_parquet(${sqlString(source.file)}, file_row_number = true)`;
    rowExpr = "file_row_number + 1";
  } else {
    const stage = `_stage_${source.table}`;
    if (source.format === "arrow") {
      await createTableFromArquero(connection, stage, aq.fromArrow(await readFile(source.file)) as aq.ColumnTable);
    } else {
      const format = source.format === "ndjson" ? "newline_delimited" : "auto";
      const keys = await describe(connection, `read_json(${sqlString(source.file)}, format = '${format}')`);
      const columns = keys.map(({ name }) => `${sqlString(name)}: 'VARCHAR'`).join(", ");
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(stage)} AS SELECT * FROM read_json(${sqlString(source.file)}, format = '${format}', columns = {${columns}})`);
      if (source.format === "ndjson") lineOffset = 0;
    }
    relation = quoteIdent(stage);
    rowExpr = "rowid + 1";
  }
  const result = await convertRelation(connection, source, relation, rowExpr, options);
  if (source.format !== "parquet") await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(`_stage_${source.table}`)}`);
  return { ...result, lineOffset };
}

/** Names and DuckDB types of a relation's columns. */
async function describe(connection: DuckDBConnection, relation: string): Promise<{ name: string; type: string }[]> {
  const result = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
  return (result.getRowObjectsJS() as { column_name: string; column_type: string }[]).map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Pair the file's columns with model columns through the column map; extra columns are left out. */
function mapColumns(table: TableSource["table"], fileColumns: string[], columnMap: Record<string, string>): { ours: string; theirs: string }[] {
  const model = SCHEMA[table].columns;
  return fileColumns.map((theirs) => ({ ours: columnMap[theirs] ?? theirs, theirs })).filter(({ ours }) => ours in model);
}

/** The first line of a text file (for the CSV header), BOM removed. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "");
    return text.split(/\r?\n/, 1)[0];
  } finally {
    await handle.close();
  }
}

/** Split a CSV header line (quotes with doubled-quote escapes). */
function splitHeader(line: string, delimiter: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (current += '"'), i++;
      else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (line.startsWith(delimiter, i)) (names.push(current), (current = ""), (i += delimiter.length - 1));
    else current += ch;
  }
  names.push(current);
  return names.map((n) => n.trim());
}

async function readCsv(connection: DuckDBConnection, source: TableSource, options: ReadOptions): Promise<ReadResult> {
  const delimiter = options.delimiter ?? (source.file.toLowerCase().endsWith(".tsv") ? "\t" : ",");
  const header = splitHeader(await firstLine(source.file), delimiter);
  const model = SCHEMA[source.table].columns;
  const columns = mapColumns(source.table, header, options.columnMap);
  const typeOf = new Map(columns.map(({ ours, theirs }) => [theirs, model[ours].type]));
  // Every file column must be declared (read_csv's `columns` is positional); extra ones as VARCHAR.
  const declared = header.map((name) => `${sqlString(name)}: '${typeOf.get(name) ?? "VARCHAR"}'`).join(", ");
  const rejects = `_rejects_${source.table}`;
  const select = columns.length ? columns.map(({ ours, theirs }) => `${quoteIdent(theirs)} AS ${quoteIdent(ours)}`).join(", ") : "1 AS _empty";
  await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(rejects)}`);
  await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(`${rejects}_scan`)}`);
  await connection.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(source.table)} AS SELECT ${select} FROM read_csv(${sqlString(source.file)},
       header = true, auto_detect = false, delim = ${sqlString(delimiter)}, quote = '"', escape = '"',
       columns = {${declared}}, dateformat = ${sqlString(options.dateFormat ?? "%Y-%m-%d")},
       store_rejects = true, rejects_table = ${sqlString(rejects)}, rejects_scan = ${sqlString(`${rejects}_scan`)})`,
  );
  const lines = await connection.runAndReadAll(`SELECT DISTINCT CAST(line AS DOUBLE) FROM ${quoteIdent(rejects)} ORDER BY 1`);
  const rejectedRows = (lines.getRowsJS() as [number][]).map(([line]) => line - 1);
  const count = await connection.runAndReadAll(
    `SELECT CAST(count(*) FILTER (WHERE error_type = 'CAST') AS DOUBLE), CAST(count(*) FILTER (WHERE error_type <> 'CAST') AS DOUBLE) FROM ${quoteIdent(rejects)}`,
  );
  const [castErrors, rowErrors] = count.getRowsJS()[0] as number[];
  const details = await connection.runAndReadAll(
    `SELECT CAST(line AS DOUBLE) AS line, column_name, CAST(error_type AS VARCHAR) AS error_type, csv_line, error_message
     FROM ${quoteIdent(rejects)} ORDER BY line, column_idx LIMIT ${options.maxProblems}`,
  );
  const problems = (details.getRowObjectsJS() as { line: number; column_name: string | null; error_type: string; csv_line: string; error_message: string }[]).map(
    (r) => csvProblem(source, r, typeOf, options),
  );
  const rejectedIds: string[] = [];
  const pk = SCHEMA[source.table].primaryKey;
  const pkTheirs = pk?.length === 1 ? columns.find((c) => c.ours === pk[0])?.theirs : undefined;
  if (pkTheirs !== undefined && rejectedRows.length) {
    const index = header.indexOf(pkTheirs);
    const rejectedLines = await connection.runAndReadAll(`SELECT DISTINCT csv_line FROM ${quoteIdent(rejects)}`);
    for (const [line] of rejectedLines.getRowsJS() as [string][]) {
      const id = splitHeader(line, delimiter)[index];
      if (id) rejectedIds.push(id);
    }
  }
  const loaded = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM ${quoteIdent(source.table)}`);
  await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(rejects)}`);
  await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(`${rejects}_scan`)}`);
  if (!columns.length) await connection.run(`ALTER TABLE ${quoteIdent(source.table)} DROP COLUMN _empty`).catch(() => undefined);
  return {
    source,
    columns,
    fileColumns: header,
    rowsLoaded: Number(loaded.getRowsJS()[0][0]),
    rejectedRows,
    rejectedIds,
    problems,
    problemCounts: { unparseable_value: Number(castErrors), malformed_row: Number(rowErrors) },
    lineOffset: 1,
  };
}

/** One DuckDB CSV reject as a problem with file, data row, line, column, value and expectation. */
function csvProblem(
  source: TableSource,
  reject: { line: number; column_name: string | null; error_type: string; csv_line: string; error_message: string },
  typeOf: Map<string, ColumnType>,
  options: ReadOptions,
): LoadProblem {
  const converted = /Could not convert string "([\s\S]*)" to '/.exec(reject.error_message);
  const column = reject.column_name ?? undefined;
  const type = column ? typeOf.get(column) : undefined;
  const isCast = reject.error_type === "CAST" && converted !== null;
  const problem: LoadProblem = {
    kind: isCast ? "unparseable_value" : "malformed_row",
    file: source.file,
    table: source.table,
    row: reject.line - 1,
    line: reject.line,
    column,
    value: isCast ? converted[1] : reject.csv_line,
    expected: isCast && type ? expectedText(type, options.dateFormat) : `a well-formed CSV row (${reject.error_type.toLowerCase()}: ${reject.error_message})`,
    message: "",
  };
  problem.message = problemMessage(problem);
  return problem;
}

/** SQL converting one column to its model type, and the SQL condition under which it failed. */
function conversion(column: string, sourceType: string, target: ColumnType, dateFormat: string | undefined): { expr: string; failed: string } {
  const c = quoteIdent(column);
  const numeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/.test(sourceType);
  if (sourceType === target) return { expr: c, failed: "false" };
  switch (target) {
    case "VARCHAR":
      return { expr: `CAST(${c} AS VARCHAR)`, failed: "false" };
    case "DATE": {
      if (/^(DATE|TIMESTAMP)/.test(sourceType)) return { expr: `CAST(${c} AS DATE)`, failed: "false" };
      if (sourceType !== "VARCHAR") return { expr: "CAST(NULL AS DATE)", failed: `${c} IS NOT NULL` };
      const expr = dateFormat ? `CAST(try_strptime(${c}, ${sqlString(dateFormat)}) AS DATE)` : `TRY_CAST(${c} AS DATE)`;
      return { expr, failed: `(${c} IS NOT NULL AND ${expr} IS NULL)` };
    }
    case "DOUBLE": {
      const expr = `TRY_CAST(${c} AS DOUBLE)`;
      return { expr, failed: `(${c} IS NOT NULL AND ${expr} IS NULL)` };
    }
    case "INTEGER": {
      // Through DOUBLE so 2.5 is a problem, not silently rounded.
      const asDouble = numeric || sourceType === "VARCHAR" ? `TRY_CAST(${c} AS DOUBLE)` : "CAST(NULL AS DOUBLE)";
      const ok = `(${asDouble} IS NOT NULL AND ${asDouble} = round(${asDouble}) AND abs(${asDouble}) <= 2147483647)`;
      return { expr: `CASE WHEN ${ok} THEN CAST(${asDouble} AS INTEGER) END`, failed: `(${c} IS NOT NULL AND NOT ${ok})` };
    }
    case "BOOLEAN": {
      if (numeric) return { expr: `CASE WHEN ${c} IN (0, 1) THEN ${c} = 1 END`, failed: `(${c} IS NOT NULL AND ${c} NOT IN (0, 1))` };
      const expr = sourceType === "VARCHAR" ? `TRY_CAST(${c} AS BOOLEAN)` : "CAST(NULL AS BOOLEAN)";
      return { expr, failed: `(${c} IS NOT NULL AND ${expr} IS NULL)` };
    }
  }
}

/** Convert a relation (a Parquet scan or a staged table) into the typed model table. */
async function convertRelation(connection: DuckDBConnection, source: TableSource, relation: string, rowExpr: string, options: ReadOptions): Promise<Omit<ReadResult, "lineOffset">> {
  const fileColumns = (await describe(connection, relation)).filter((c) => c.name !== "file_row_number");
  const typeOfFile = new Map(fileColumns.map((c) => [c.name, c.type]));
  const columns = mapColumns(source.table, fileColumns.map((c) => c.name), options.columnMap);
  const model = SCHEMA[source.table].columns;
  const conversions = columns.map(({ ours, theirs }) => ({ ours, theirs, ...conversion(theirs, typeOfFile.get(theirs)!, model[ours].type, options.dateFormat) }));
  const anyFailed = conversions.map((c) => c.failed).filter((f) => f !== "false").join(" OR ") || "false";
  let rejectedRows: number[] = [];
  const rejectedIds: string[] = [];
  const problems: LoadProblem[] = [];
  let unparseable = 0;
  if (anyFailed !== "false") {
    const rows = await connection.runAndReadAll(`SELECT CAST(${rowExpr} AS DOUBLE) FROM ${relation} WHERE ${anyFailed} ORDER BY 1`);
    rejectedRows = (rows.getRowsJS() as [number][]).map(([row]) => row);
    const pk = SCHEMA[source.table].primaryKey;
    const pkTheirs = pk?.length === 1 ? columns.find((c) => c.ours === pk[0])?.theirs : undefined;
    if (pkTheirs !== undefined) {
      const ids = await connection.runAndReadAll(`SELECT DISTINCT CAST(${quoteIdent(pkTheirs)} AS VARCHAR) FROM ${relation} WHERE (${anyFailed}) AND ${quoteIdent(pkTheirs)} IS NOT NULL`);
      rejectedIds.push(...(ids.getRowsJS() as [string][]).map(([id]) => id));
    }
    for (const c of conversions.filter((c) => c.failed !== "false")) {
      const counted = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM ${relation} WHERE ${c.failed}`);
      unparseable += Number(counted.getRowsJS()[0][0]);
      const room = options.maxProblems - problems.length;
      if (room <= 0) continue;
      const bad = await connection.runAndReadAll(`SELECT CAST(${rowExpr} AS DOUBLE) AS row, CAST(${quoteIdent(c.theirs)} AS VARCHAR) AS value FROM ${relation} WHERE ${c.failed} ORDER BY 1 LIMIT ${room}`);
      for (const { row, value } of bad.getRowObjectsJS() as { row: number; value: string }[]) {
        const problem: LoadProblem = {
          kind: "unparseable_value", file: source.file, table: source.table, row, column: c.theirs, value,
          expected: expectedText(model[c.ours].type, options.dateFormat), message: "",
        };
        if (source.format === "ndjson") problem.line = row;
        problem.message = problemMessage(problem);
        problems.push(problem);
      }
    }
    problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
  const select = conversions.length ? conversions.map((c) => `${c.expr} AS ${quoteIdent(c.ours)}`).join(", ") : "NULL AS _empty";
  await connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(source.table)} AS SELECT ${select} FROM ${relation} WHERE NOT (${anyFailed})`);
  if (!conversions.length) await connection.run(`ALTER TABLE ${quoteIdent(source.table)} DROP COLUMN _empty`).catch(() => undefined);
  const loaded = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM ${quoteIdent(source.table)}`);
  return { source, columns, fileColumns: fileColumns.map((c) => c.name), rowsLoaded: Number(loaded.getRowsJS()[0][0]), rejectedRows, rejectedIds, problems, problemCounts: { unparseable_value: unparseable } };
}
