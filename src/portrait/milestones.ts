/**
 * Milestones and the stick point (DOMAIN.md §1-2).
 * - Milestones: for each event type, the count within the first N days after the first payment
 *   that best separates customers who became high-value from those who did not
 *   (max of rate(count >= k) − rate(count < k), with minimum support on both sides).
 * - Stick point: for a control variable, the value past which the chance of becoming a regular
 *   jumps: the largest rise in the outcome rate between consecutive bins of the variable.
 */
import * as aq from "arquero";
import type { Table } from "../data/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { DataError, ParameterError } from "../errors/index.js";
import { DUCKDB_DIALECT } from "../sql/index.js";
import { compileSelection, TOP_REVENUE, type GroupSelection } from "./selection.js";

const d = DUCKDB_DIALECT;
const q = d.quoteIdent;

export interface MilestoneOptions {
  /** Who became high-value. Default: the top 20% of buyers by revenue. */
  highValue?: GroupSelection;
  /** Days after the first payment in which events count. Default 30. */
  withinDays?: number;
  /** Largest count threshold tried (counts above are capped). Default 10. */
  maxCount?: number;
  /** Fewest customers on each side of a threshold. Default 30. */
  minSupport?: number;
}

export interface Milestones {
  /** Best threshold per event type: event_type, threshold, customersAbove, rateAbove, customersBelow, rateBelow, separation; best first. */
  best: Table;
  /** Every threshold tried (same columns), for the milestone chart. */
  curve: Table;
}

/** Per-buyer count of `eventType`-events (or each type) within `withinDays` of the first payment. */
function eventCountsSql(groupSql: string, evaluationTable: string, eventFilter: string): string {
  return `WITH g AS (SELECT customer_id, first_order_date, ${groupSql} AS grp FROM ${q(evaluationTable)}),
cnt AS (
  SELECT ev.customer_id, ev.event_type, least(count(*), ${d.param("max_count", "INTEGER")}) AS k
  FROM events ev JOIN g ON ev.customer_id = g.customer_id
  WHERE ev.event_date >= g.first_order_date AND ev.event_date < ${d.datePlusDays("g.first_order_date", d.param("within_days", "INTEGER"))}
    AND ev.event_date <= ${d.param("as_of", "DATE")}${eventFilter}
  GROUP BY ev.customer_id, ev.event_type)`;
}

/**
 * Find each event type's milestone.
 *
 * @example
 * const { best } = await milestones(evaluation, { withinDays: 30 });
 * best.print(); // report_created  threshold 3  rateAbove 0.41  rateBelow 0.12 ...
 */
export async function milestones(evaluation: CriteriaEvaluation, options: MilestoneOptions = {}): Promise<Milestones> {
  if (!evaluation.dataset.hasColumn("events", "event_type")) throw new DataError("milestones need table events (event_type)");
  const maxCount = options.maxCount ?? 10;
  const minSupport = options.minSupport ?? 30;
  const selection = compileSelection(evaluation, options.highValue ?? TOP_REVENUE, "hv");
  const params = { ...selection.params, max_count: maxCount, within_days: options.withinDays ?? 30, as_of: evaluation.asOf };
  const counts = (await evaluation.dataset.query(
    `${eventCountsSql(selection.sql, evaluation.tableName, "")}
SELECT cnt.event_type, CAST(cnt.k AS INTEGER) AS k, g.grp, CAST(count(*) AS INTEGER) AS n FROM cnt JOIN g ON cnt.customer_id = g.customer_id GROUP BY ALL`, params,
  )).objects() as { event_type: string; k: number; grp: boolean; n: number }[];
  const totals = (await evaluation.dataset.query(`SELECT ${selection.sql} AS grp, CAST(count(*) AS INTEGER) AS n FROM ${q(evaluation.tableName)} GROUP BY ALL`, selection.params)).objects() as { grp: boolean; n: number }[];
  const total = totals.reduce((s, t) => s + t.n, 0);
  const totalHigh = totals.find((t) => t.grp)?.n ?? 0;

  const curve: { event_type: string; threshold: number; customersAbove: number; rateAbove: number; customersBelow: number; rateBelow: number; separation: number }[] = [];
  for (const eventType of [...new Set(counts.map((c) => c.event_type))].sort()) {
    const own = counts.filter((c) => c.event_type === eventType);
    for (let threshold = 1; threshold <= maxCount; threshold++) {
      const above = own.filter((c) => c.k >= threshold);
      const customersAbove = above.reduce((s, c) => s + c.n, 0);
      const highAbove = above.filter((c) => c.grp).reduce((s, c) => s + c.n, 0);
      const customersBelow = total - customersAbove;
      const rateAbove = customersAbove ? highAbove / customersAbove : 0;
      const rateBelow = customersBelow ? (totalHigh - highAbove) / customersBelow : 0;
      curve.push({ event_type: eventType, threshold, customersAbove, rateAbove, customersBelow, rateBelow, separation: rateAbove - rateBelow });
    }
  }
  const best = [...new Set(curve.map((c) => c.event_type))].flatMap((eventType) => {
    const candidates = curve.filter((c) => c.event_type === eventType && c.customersAbove >= minSupport && c.customersBelow >= minSupport);
    return candidates.length ? [candidates.reduce((a, b) => (b.separation > a.separation ? b : a))] : [];
  });
  best.sort((a, b) => b.separation - a.separation);
  return { best: aq.from(best), curve: aq.from(curve) };
}

/** The control variable of a stick-point analysis. */
export type ControlVariable = { feature: string } | { eventType: string; withinDays: number };

export interface StickPointOptions {
  variable: ControlVariable;
  /** Who counts as a regular. Default: repeat buyers (`repeat_buyer`). */
  outcome?: GroupSelection;
  /** Quantile bins when the variable has more than `maxDistinct` values. Default 20 / 30. */
  bins?: number;
  maxDistinct?: number;
  /** Fewest customers in a bin for it to be considered. Default 30. */
  minSupport?: number;
}

export interface StickPoint {
  /** bin, low, high (variable range in the bin), customers, regulars, rate. */
  curve: Table;
  /** The jump, or null when no two consecutive bins have enough support. */
  stickPoint: { value: number; rateBefore: number; rateAfter: number; jump: number } | null;
}

/**
 * Find the stick point of a control variable.
 *
 * @example
 * const { stickPoint } = await findStickPoint(evaluation, { variable: { eventType: "report_created", withinDays: 30 } });
 * // { value: 3, rateBefore: 0.31, rateAfter: 0.58, jump: 0.27 }
 */
export async function findStickPoint(evaluation: CriteriaEvaluation, options: StickPointOptions): Promise<StickPoint> {
  const outcome = compileSelection(evaluation, options.outcome ?? { sql: "repeat_buyer" }, "out");
  const minSupport = options.minSupport ?? 30;
  let values: string;
  let params: Record<string, unknown> = { ...outcome.params };
  if ("feature" in options.variable) {
    const feature = evaluation.compiled.features.find((f) => f.name === (options.variable as { feature: string }).feature);
    if (!feature || !feature.evaluable || !["DOUBLE", "INTEGER"].includes(feature.type)) throw new ParameterError(`stick point: "${options.variable.feature}" is not an evaluable numeric feature`);
    values = `SELECT CAST(${q(feature.name)} AS DOUBLE) AS x, ${outcome.sql} AS y FROM ${q(evaluation.tableName)} WHERE ${q(feature.name)} IS NOT NULL`;
  } else {
    if (!evaluation.dataset.hasColumn("events", "event_type")) throw new DataError("a stick point over events needs table events (event_type)");
    params = { ...params, max_count: 1_000_000, within_days: options.variable.withinDays, as_of: evaluation.asOf, event_type: options.variable.eventType };
    values = `${eventCountsSql(outcome.sql, evaluation.tableName, ` AND ev.event_type = ${d.param("event_type", "VARCHAR")}`)}
SELECT CAST(coalesce(cnt.k, 0) AS DOUBLE) AS x, g.grp AS y FROM g LEFT JOIN cnt ON cnt.customer_id = g.customer_id`;
  }
  const distinct = (await evaluation.dataset.query(`WITH v AS (${values}) SELECT CAST(count(DISTINCT x) AS INTEGER) AS n FROM v`, params as never)).get("n", 0) as number;
  const bin = distinct <= (options.maxDistinct ?? 30) ? "x" : `ntile(${Math.max(2, Math.floor(options.bins ?? 20))}) OVER (ORDER BY x)`;
  const curveRows = (await evaluation.dataset.query(
    `WITH v AS (${values}), b AS (SELECT x, y, ${bin} AS bin FROM v)
SELECT CAST(bin AS DOUBLE) AS bin, min(x) AS low, max(x) AS high, CAST(count(*) AS INTEGER) AS customers, CAST(count(*) FILTER (WHERE y) AS INTEGER) AS regulars,
  count(*) FILTER (WHERE y) / count(*) AS rate FROM b GROUP BY bin ORDER BY bin`, params as never,
  )).objects() as { bin: number; low: number; high: number; customers: number; regulars: number; rate: number }[];
  const supported = curveRows.filter((r) => r.customers >= minSupport);
  let stickPoint: StickPoint["stickPoint"] = null;
  for (let i = 1; i < supported.length; i++) {
    const jump = supported[i].rate - supported[i - 1].rate;
    if (!stickPoint || jump > stickPoint.jump) stickPoint = { value: supported[i].low, rateBefore: supported[i - 1].rate, rateAfter: supported[i].rate, jump };
  }
  return { curve: aq.from(curveRows), stickPoint };
}
