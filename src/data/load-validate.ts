/**
 * Checks that span rows and tables, as SQL over the loaded tables: nulls in required columns,
 * values out of [min, max], dates after the analysis date, duplicate ids and orphan references.
 * Every problem names the file's data row: a table position (rowid) is mapped back to the file's
 * row by skipping the rows that failed to parse (see `rowMapper`). The counts come from
 * load-check-counts.ts (cheap on clean data, exact always); rows are listed only for checks that
 * found something.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent } from "../sql/index.js";
import { SCHEMA, type TableName } from "./schema.js";
import type { ReadResult } from "./load-read.js";
import { problemMessage, type LoadProblem, type LoadProblemKind } from "./load-problems.js";
import { expectedText } from "./load-problems.js";
import { columnRanges, countOrphans, countRowConditions, hasDuplicateIds, type OrphanReference } from "./load-check-counts.js";

/**
 * Map a loaded row's 0-based position to its 1-based data row in the file, given the ascending
 * data rows that were rejected while parsing. The a-th loaded row (1-based) sits after every
 * rejected row R_j (1-based j) with R_j − j < a, so its data row is a + #{j : R_j − j < a}.
 * Example: rejected [3]; loaded rows 1, 2, 3 are data rows 1, 2, 4.
 */
export function rowMapper(rejectedRows: number[]): (rowid: number) => number {
  const thresholds = rejectedRows.map((row, j) => row - (j + 1));
  return (rowid) => {
    const a = rowid + 1;
    let low = 0;
    let high = thresholds.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (thresholds[mid] < a) low = mid + 1;
      else high = mid;
    }
    return a + low;
  };
}

/** One named row condition of a table. */
interface Check {
  kind: LoadProblemKind;
  column?: string;
  /** SQL condition over the table's row (alias `o`; a parent row in a subquery is `p`). */
  condition: string;
  expected: string;
  /** Orphan checks: the same condition as a reference to test with an anti-join (see countOrphans). */
  reference?: OrphanReference;
}

/** The single-table checks that apply to a loaded table. */
function singleTableChecks(table: TableName, present: Set<string>, asOf: string | undefined, alias: string): Check[] {
  const checks: Check[] = [];
  for (const [column, def] of Object.entries(SCHEMA[table].columns)) {
    if (!present.has(column)) continue;
    const c = `${alias}.${quoteIdent(column)}`;
    if (def.required) checks.push({ kind: "null_required", column, condition: `${c} IS NULL`, expected: `${expectedText(def.type)} (the column is required)` });
    if (def.min !== undefined) checks.push({ kind: "out_of_range", column, condition: `${c} < ${def.min}`, expected: `a value >= ${def.min}` });
    if (def.max !== undefined) checks.push({ kind: "out_of_range", column, condition: `${c} > ${def.max}`, expected: `a value <= ${def.max}` });
    if (def.notAfterAsOf && asOf) checks.push({ kind: "after_as_of", column, condition: `${c} > CAST($as_of AS DATE)`, expected: `a date on or before the analysis date ${asOf}` });
  }
  return checks;
}

/**
 * SQL condition: the row fails some single-table check (rows that lenient loading drops). A check on
 * a NULL optional value is NULL, not true: coalesce so that such a row counts as good (NOT of NULL
 * would otherwise make a parent with an empty optional number unusable for its children).
 */
function badRowCondition(checks: Check[]): string {
  return checks.length ? `coalesce(${checks.map((c) => `(${c.condition})`).join(" OR ")}, false)` : "false";
}

/**
 * Orphan checks of a table: each foreign key whose parent table and columns are present.
 * Lenient: a parent row that fails its own checks does not count (it is dropped, so are its
 * children). Strict: every parent row counts, and so do parent rows that failed to parse
 * (`_rejected_ids_<parent>`), so one bad customer row is not echoed as orphans in every table.
 */
function orphanChecks(table: TableName, present: Map<TableName, Set<string>>, asOf: string | undefined, lenient: boolean): Check[] {
  const checks: Check[] = [];
  for (const fk of SCHEMA[table].foreignKeys) {
    const parent = fk.references.table;
    if (!present.get(table)?.has(fk.column) || !present.get(parent)?.has(fk.references.column)) continue;
    const parentBad = lenient ? badRowCondition(singleTableChecks(parent, present.get(parent)!, asOf, "p")) : "false";
    const rejectedIds = lenient ? undefined : `_rejected_ids_${parent}`;
    const rejected = rejectedIds ? ` AND o.${quoteIdent(fk.column)} NOT IN (SELECT id FROM ${rejectedIds})` : "";
    checks.push({
      kind: "orphan_reference",
      column: fk.column,
      condition: `o.${quoteIdent(fk.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(parent)} p WHERE p.${quoteIdent(fk.references.column)} = o.${quoteIdent(fk.column)} AND NOT (${parentBad}))${rejected}`,
      expected: `a ${fk.references.column} that exists in ${parent}`,
      reference: { column: fk.column, parent, parentColumn: fk.references.column, parentUsable: `NOT (${parentBad})`, rejectedIds },
    });
  }
  return checks;
}

export interface ValidationResult {
  problems: LoadProblem[];
  counts: Partial<Record<LoadProblemKind, number>>;
  /** min/max of each DATE column as loaded (before any lenient deletion). */
  dateRanges: Partial<Record<TableName, Record<string, { min: string | null; max: string | null }>>>;
  /** Rows deleted per table (lenient mode), with the first few data rows. */
  dropped: { table: TableName; file: string; rows: number; dataRows: number[] }[];
}

/**
 * Run every check on the loaded tables; in lenient mode delete exactly the rows that fail.
 * Problems are listed up to `maxProblems` (counts are complete).
 */
export async function validateTables(
  connection: DuckDBConnection,
  reads: ReadResult[],
  options: { asOf?: string; lenient: boolean; maxProblems: number; maxDroppedListed: number },
): Promise<ValidationResult> {
  const present = new Map(reads.map((r) => [r.source.table, new Set(r.columns.map((c) => c.ours))]));
  // DuckDB rejects a bound name the statement does not use: bind $as_of only where it appears.
  const params = (sql: string) => (options.asOf && sql.includes("$as_of") ? { as_of: options.asOf } : undefined);
  const problems: LoadProblem[] = [];
  const counts: Partial<Record<LoadProblemKind, number>> = {};
  const dateRanges: ValidationResult["dateRanges"] = {};
  const deletions: { read: ReadResult; condition: string }[] = [];
  if (!options.lenient) {
    for (const read of reads) {
      const name = `_rejected_ids_${read.source.table}`;
      await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (id VARCHAR)`);
      if (!read.rejectedIds.length) continue;
      const appender = await connection.createAppender(name);
      for (const id of read.rejectedIds) (appender.appendVarchar(id), appender.endRow());
      appender.flushSync();
      appender.closeSync();
    }
  }

  // Orphan counts of every table first: one query per parent table (see countOrphans).
  const orphanChecksOf = new Map(reads.map((read) => [read.source.table, orphanChecks(read.source.table, present, options.asOf, options.lenient)]));
  const allOrphanChecks = [...orphanChecksOf].flatMap(([table, checks]) => checks.map((check) => ({ table, reference: check.reference! })));
  const allOrphanCounts = await countOrphans(connection, allOrphanChecks, params);
  const orphanCounts = new Map(allOrphanChecks.map((check, i) => [check.reference, allOrphanCounts[i]]));

  for (const read of reads) {
    const table = read.source.table;
    const toDataRow = rowMapper(read.rejectedRows);
    const rowChecks = singleTableChecks(table, present.get(table)!, options.asOf, "o");
    const keyChecks = orphanChecksOf.get(table)!;
    const checks = [...rowChecks, ...keyChecks];
    const pk = SCHEMA[table].primaryKey?.filter((c) => present.get(table)!.has(c)) ?? [];
    const pkComplete = pk.length > 0 && pk.length === SCHEMA[table].primaryKey?.length;
    const pkNotNull = pk.map((c) => `o.${quoteIdent(c)} IS NOT NULL`).join(" AND ");
    const dateColumns = [...present.get(table)!].filter((c) => SCHEMA[table].columns[c]?.type === "DATE");
    // Exact counts, each the cheap way first (see load-check-counts.ts).
    const countRow = await countRowConditions(connection, table, rowChecks.map((c) => c.condition), params);
    for (const check of keyChecks) countRow.push(orphanCounts.get(check.reference!)!);
    dateRanges[table] = await columnRanges(connection, table, dateColumns);
    if (pkComplete && (await hasDuplicateIds(connection, table, pk))) {
      // Only now run the window that names the duplicate rows (every occurrence after the first).
      const condition = `o.rowid IN (SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY ${pk.map(quoteIdent).join(", ")} ORDER BY rowid) AS n FROM ${quoteIdent(table)} o WHERE ${pkNotNull}) WHERE n > 1)`;
      checks.push({ kind: "duplicate_id", column: pk.join(","), condition, expected: `a ${pk.join("+")} not used by an earlier row` });
      const duplicates = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM ${quoteIdent(table)} o WHERE ${condition}`);
      countRow.push(Number(duplicates.getRowsJS()[0][0]));
    }
    for (const [i, check] of checks.entries()) {
      const count = Number(countRow[i]);
      if (!count) continue;
      counts[check.kind] = (counts[check.kind] ?? 0) + count;
      const room = options.maxProblems - problems.length;
      if (room <= 0) continue;
      const valueColumn = check.column && !check.column.includes(",") ? `CAST(o.${quoteIdent(check.column)} AS VARCHAR)` : pk?.length ? `concat_ws(',', ${pk.map((c) => `o.${quoteIdent(c)}`).join(", ")})` : "NULL";
      const rowsSql = `SELECT CAST(o.rowid AS DOUBLE) AS rid, ${valueColumn} AS value FROM ${quoteIdent(table)} o WHERE ${check.condition} ORDER BY o.rowid LIMIT ${room}`;
      const rows = await connection.runAndReadAll(rowsSql, params(rowsSql));
      for (const { rid, value } of rows.getRowObjectsJS() as { rid: number; value: string | null }[]) {
        const row = toDataRow(rid);
        const problem: LoadProblem = {
          kind: check.kind, file: read.source.file, table, row, column: check.column, value: value ?? undefined, expected: check.expected, message: "",
        };
        if (read.lineOffset !== undefined) problem.line = row + read.lineOffset;
        problem.message = problemMessage(problem);
        problems.push(problem);
      }
    }
    if (options.lenient && checks.length) deletions.push({ read, condition: checks.map((c) => `(${c.condition})`).join(" OR ") });
  }

  const dropped: ValidationResult["dropped"] = [];
  if (options.lenient) {
    // Decide every table's rows first (orphans look at parents' own checks, not at deletions), then delete.
    const marked: { read: ReadResult; rowids: number[]; total: number }[] = [];
    for (const { read, condition } of deletions) {
      const table = quoteIdent(read.source.table);
      const markSql = `CREATE OR REPLACE TEMP TABLE _drop_${read.source.table} AS SELECT o.rowid AS rid FROM ${table} o WHERE ${condition}`;
      await connection.run(markSql, params(markSql));
      const sample = await connection.runAndReadAll(`SELECT CAST(rid AS DOUBLE) FROM _drop_${read.source.table} ORDER BY rid LIMIT ${options.maxDroppedListed}`);
      const total = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM _drop_${read.source.table}`);
      marked.push({ read, rowids: (sample.getRowsJS() as [number][]).map(([r]) => r), total: Number(total.getRowsJS()[0][0]) });
    }
    for (const { read, rowids, total } of marked) {
      const toDataRow = rowMapper(read.rejectedRows);
      await connection.run(`DELETE FROM ${quoteIdent(read.source.table)} WHERE rowid IN (SELECT rid FROM _drop_${read.source.table})`);
      await connection.run(`DROP TABLE _drop_${read.source.table}`);
      if (total) dropped.push({ table: read.source.table, file: read.source.file, rows: total, dataRows: rowids.map(toDataRow) });
    }
  }
  if (!options.lenient) for (const read of reads) await connection.run(`DROP TABLE IF EXISTS _rejected_ids_${read.source.table}`);
  problems.sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.row ?? 0) - (b.row ?? 0));
  return { problems, counts, dropped, dateRanges };
}
