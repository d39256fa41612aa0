/**
 * Role model vs the rest (DOMAIN.md §1): how the revenue-driving customers use the product
 * compared with everyone else. Per event type in the observation window: the share of each group
 * that used it at all and the mean number of events per customer; ranked by the gap in usage share
 * (a feature the role models never touch is low priority).
 */
import * as aq from "arquero";
import type { Table } from "../data/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { DataError } from "../errors/index.js";
import { DUCKDB_DIALECT } from "../sql/index.js";
import { compileSelection, TOP_REVENUE, type GroupSelection } from "./selection.js";

export interface RoleModelOptions {
  /** The role models. Default: the top 20% of buyers by revenue. */
  roleModel?: GroupSelection;
  /** Months before the analysis date whose events count. Default 12 (the observation window). */
  windowMonths?: number;
}

/**
 * Behaviour gaps between role models and the rest: event_type, roleModelShare, restShare,
 * shareGap (role − rest), roleModelMeanEvents, restMeanEvents, meanRatio; largest |shareGap| first.
 *
 * @example
 * (await roleModelGaps(evaluation)).print();
 */
export async function roleModelGaps(evaluation: CriteriaEvaluation, options: RoleModelOptions = {}): Promise<Table> {
  const { dataset } = evaluation;
  if (!dataset.hasColumn("events", "event_type")) throw new DataError("role-model gaps need table events (event_type)");
  const d = DUCKDB_DIALECT;
  const q = d.quoteIdent;
  const selection = compileSelection(evaluation, options.roleModel ?? TOP_REVENUE, "role");
  const asOf = d.param("as_of", "DATE");
  const windowStart = d.dateMinusMonths(asOf, d.param("window_months", "INTEGER"));
  const sql = `
WITH g AS (SELECT customer_id, ${selection.sql} AS role_model FROM ${q(evaluation.tableName)}),
totals AS (SELECT role_model, count(*) AS customers FROM g GROUP BY role_model),
per AS (
  SELECT e.customer_id, e.event_type, count(*) AS events
  FROM events e JOIN g ON e.customer_id = g.customer_id
  WHERE e.event_date > ${windowStart} AND e.event_date <= ${asOf}
  GROUP BY e.customer_id, e.event_type)
SELECT per.event_type, g.role_model, CAST(count(*) AS DOUBLE) AS users, CAST(sum(per.events) AS DOUBLE) AS events, CAST(any_value(totals.customers) AS DOUBLE) AS customers
FROM per JOIN g ON per.customer_id = g.customer_id JOIN totals ON totals.role_model = g.role_model
GROUP BY per.event_type, g.role_model`;
  const rows = (await dataset.query(sql, { ...selection.params, as_of: evaluation.asOf, window_months: options.windowMonths ?? 12 })).objects() as { event_type: string; role_model: boolean; users: number; events: number; customers: number }[];
  const types = [...new Set(rows.map((r) => r.event_type))];
  const gaps = types.map((eventType) => {
    const role = rows.find((r) => r.event_type === eventType && r.role_model);
    const rest = rows.find((r) => r.event_type === eventType && !r.role_model);
    const share = (r?: (typeof rows)[number]) => (r ? r.users / r.customers : 0);
    const mean = (r?: (typeof rows)[number]) => (r ? r.events / r.customers : 0);
    return {
      event_type: eventType,
      roleModelShare: share(role), restShare: share(rest), shareGap: share(role) - share(rest),
      roleModelMeanEvents: mean(role), restMeanEvents: mean(rest), meanRatio: mean(rest) > 0 ? mean(role) / mean(rest) : null,
    };
  });
  gaps.sort((a, b) => Math.abs(b.shareGap) - Math.abs(a.shareGap) || a.event_type.localeCompare(b.event_type));
  return aq.from(gaps);
}
