/**
 * Exact problem counts for the load checks, computed the cheap way first (measured on the 1M-customer
 * demo folder, see README "Benchmarks"): a clean table must cost little, a dirty one is counted exactly.
 *
 * - Row checks (nulls, ranges, dates after asOf) run as one aggregate whose WHERE is the OR of all
 *   conditions. DuckDB checks that filter against the table's column statistics (min/max/has-null
 *   per row group, kept exact or wider by its storage) and skips every row group that cannot match,
 *   so on clean data the scan reads nothing; on dirty data it counts every failing row.
 * - Duplicate ids: a column whose values, in the table's order, are strictly increasing (or strictly
 *   decreasing) has no duplicates. One pass with `lag() OVER ()` (a streaming window: a single
 *   sequential pass in a fixed order) proves that for sorted ids, the common case; otherwise the
 *   distinct count of id hashes decides, and only a possible duplicate (or a hash collision) pays for
 *   the exact distinct count.
 * - Orphans: whether a child row is an orphan depends only on its key value, so it suffices to test
 *   one row per run of equal keys (the rows whose previous row has another key, again one streaming
 *   pass). Child tables are usually grouped by customer, so this probes ~1M keys instead of 12M
 *   events, and all children of one parent share one anti-join (one hash table of the parent's
 *   keys). Only when some key is an orphan are the orphan rows counted row by row.
 * Each proof is exact: a shortcut that does not apply falls through to the full count, never to an
 * estimate.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdent } from "../sql/index.js";

/** Named parameters for a statement, or undefined when it binds none. */
export type ParamsFor = (sql: string) => Record<string, string> | undefined;

/** The first row of a DuckDB result as numbers (counts come back as bigint, NULL as 0). */
async function numbers(connection: DuckDBConnection, sql: string, params: ParamsFor): Promise<number[]> {
  const result = await connection.runAndReadAll(sql, params(sql));
  return (result.getRowsJS()[0] as (number | bigint | null)[]).map((value) => Number(value ?? 0));
}

/**
 * How many rows of `table` (alias `o`) meet each condition. Conditions must only reference the row
 * (no subqueries) so that DuckDB can test their OR against the column statistics.
 */
export async function countRowConditions(connection: DuckDBConnection, table: string, conditions: string[], params: ParamsFor): Promise<number[]> {
  if (!conditions.length) return [];
  const counts = conditions.map((c, i) => `CAST(count(*) FILTER (WHERE ${c}) AS DOUBLE) AS c${i}`).join(", ");
  const anyFails = conditions.map((c) => `(${c})`).join(" OR ");
  return numbers(connection, `SELECT ${counts} FROM ${quoteIdent(table)} o WHERE ${anyFails}`, params);
}

/** min/max of each column as ISO text (null for an empty column). */
export async function columnRanges(connection: DuckDBConnection, table: string, columns: string[]): Promise<Record<string, { min: string | null; max: string | null }>> {
  if (!columns.length) return {};
  const sql = columns.map((c, i) => `CAST(min(${quoteIdent(c)}) AS VARCHAR) AS min${i}, CAST(max(${quoteIdent(c)}) AS VARCHAR) AS max${i}`).join(", ");
  const row = (await connection.runAndReadAll(`SELECT ${sql} FROM ${quoteIdent(table)}`)).getRowObjectsJS()[0] as Record<string, string | null>;
  return Object.fromEntries(columns.map((c, i) => [c, { min: row[`min${i}`], max: row[`max${i}`] }]));
}

/**
 * True when the non-null values of `column` are strictly monotonic in the order of one sequential
 * pass, which proves they are all distinct (whatever that order is).
 */
async function strictlyMonotonic(connection: DuckDBConnection, table: string, column: string): Promise<boolean> {
  const c = quoteIdent(column);
  const [notIncreasing, notDecreasing] = await numbers(
    connection,
    `SELECT CAST(count(*) FILTER (WHERE previous >= id) AS DOUBLE), CAST(count(*) FILTER (WHERE previous <= id) AS DOUBLE)
     FROM (SELECT id, lag(id) OVER () AS previous FROM (SELECT ${c} AS id FROM ${quoteIdent(table)} WHERE ${c} IS NOT NULL))`,
    () => undefined,
  );
  return notIncreasing === 0 || notDecreasing === 0;
}

/** True when some non-null primary key value occurs more than once (exact). */
export async function hasDuplicateIds(connection: DuckDBConnection, table: string, primaryKey: string[]): Promise<boolean> {
  if (primaryKey.length === 1 && (await strictlyMonotonic(connection, table, primaryKey[0]))) return false;
  const notNull = primaryKey.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(" AND ");
  const key = primaryKey.length === 1 ? quoteIdent(primaryKey[0]) : `(${primaryKey.map(quoteIdent).join(", ")})`;
  const none = () => undefined;
  // All id hashes distinct proves all ids distinct; otherwise (a duplicate, or a ~1e-6 chance hash
  // collision) count exactly.
  const [hashes, rows] = await numbers(connection, `SELECT CAST(count(DISTINCT hash(${primaryKey.map(quoteIdent).join(", ")})) AS DOUBLE), CAST(count(*) AS DOUBLE) FROM ${quoteIdent(table)} WHERE ${notNull}`, none);
  if (hashes === rows) return false;
  const [distinct] = await numbers(connection, `SELECT CAST(count(DISTINCT ${key}) AS DOUBLE) FROM ${quoteIdent(table)} WHERE ${notNull}`, none);
  return distinct < rows;
}

/** A child column that must reference a usable parent row (the orphan check, as relations). */
export interface OrphanReference {
  column: string;
  parent: string;
  parentColumn: string;
  /** SQL condition over the parent row (alias `p`): the row counts as present. */
  parentUsable: string;
  /** Strict mode: a one-column table `id` of parent ids whose rows failed to parse (they count as present). */
  rejectedIds?: string;
}

/** An orphan check of one child table. */
export interface OrphanCheck {
  table: string;
  reference: OrphanReference;
}

/**
 * For each check, the rows of its table whose key names no usable parent row: the same rows as the
 * orphan check's condition, written as an anti-join (a correlated NOT EXISTS over a window subquery
 * was measured 3x slower). Whether a row is an orphan depends only on its key, so one row per run
 * of equal keys is tested first, for every child of the same parent in one query (one hash table
 * of the parent's keys, not one per child); rows are counted one by one only for a child where some
 * key is an orphan.
 */
export async function countOrphans(connection: DuckDBConnection, checks: OrphanCheck[], params: ParamsFor): Promise<number[]> {
  const counts = checks.map(() => 0);
  const byParent = new Map<string, number[]>();
  checks.forEach(({ reference }, i) => {
    const key = JSON.stringify([reference.parent, reference.parentColumn, reference.parentUsable, reference.rejectedIds ?? null]);
    byParent.set(key, [...(byParent.get(key) ?? []), i]);
  });
  for (const indexes of byParent.values()) {
    const { reference } = checks[indexes[0]];
    const usableParents = `(SELECT p.${quoteIdent(reference.parentColumn)} AS k FROM ${quoteIdent(reference.parent)} p WHERE ${reference.parentUsable})`;
    const notRejected = reference.rejectedIds ? ` AND o.k NOT IN (SELECT id FROM ${reference.rejectedIds})` : "";
    const orphans = (keys: string) => `FROM ${keys} o ANTI JOIN ${usableParents} u ON u.k = o.k WHERE o.k IS NOT NULL${notRejected}`;
    const runStarts = indexes.map((i) => {
      const c = quoteIdent(checks[i].reference.column);
      return `SELECT ${i} AS check_index, k FROM (SELECT ${c} AS k, lag(${c}) OVER () AS previous FROM ${quoteIdent(checks[i].table)}) WHERE previous IS DISTINCT FROM k`;
    });
    const sql = `SELECT CAST(check_index AS DOUBLE) AS i, CAST(count(*) AS DOUBLE) AS n ${orphans(`(${runStarts.join(" UNION ALL ")})`)} GROUP BY check_index`;
    const failing = (await connection.runAndReadAll(sql, params(sql))).getRowsJS() as [number, number][];
    for (const [i] of failing) {
      const column = quoteIdent(checks[i].reference.column);
      [counts[i]] = await numbers(connection, `SELECT CAST(count(*) AS DOUBLE) ${orphans(`(SELECT ${column} AS k FROM ${quoteIdent(checks[i].table)})`)}`, params);
    }
  }
  return counts;
}
