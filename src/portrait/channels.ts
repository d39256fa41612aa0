/**
 * Channels and promotions (DOMAIN.md §2, "acquisition channel quality"):
 * - CAC by acquisition channel (actual vs planned) next to the retention and value of the buyers
 *   each channel brings;
 * - promotion cohorts: how many buyers each promotion brought and how many stayed after it ended,
 *   against buyers who came without a promotion.
 * "Retained" = still paying at the analysis date, by the rule in retention.ts: by default a payment
 * covers the analysis date's month (the lifecycle's coverage rule, so it agrees with churnByPeriod),
 * or, for orders without `period_months`, an order within `activeDays`. Each result names the rule
 * it used in its `retainedBy` column.
 */
import type { Table } from "../data/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { DataError, ParameterError } from "../errors/index.js";
import { DUCKDB_DIALECT } from "../sql/index.js";
import { retentionSql, type RetentionOptions, type RetentionSql } from "./retention.js";

const d = DUCKDB_DIALECT;
const q = d.quoteIdent;

/** Options of the channel and promotion functions: how "retained" is decided (retention.ts). */
export type ChannelOptions = RetentionOptions;

function requireFeatures(evaluation: CriteriaEvaluation, names: string[], what: string): void {
  const missing = names.filter((n) => !evaluation.compiled.features.find((f) => f.name === n)?.evaluable);
  if (missing.length) throw new DataError(`${what} needs the features ${missing.join(", ")} (${missing.flatMap((n) => evaluation.compiled.features.find((f) => f.name === n)?.missing ?? []).join(", ")})`);
}

const withClause = (ctes: string[]): string => (ctes.length ? `WITH ${ctes.join(",\n")}\n` : "");

/** Run a query over the retention rule's pieces, binding `$asOf` and the rule's parameters. */
function queryWithRetention(evaluation: CriteriaEvaluation, retention: RetentionSql, sql: string, params: Record<string, string | number> = {}): Promise<Table> {
  return evaluation.dataset.query(sql, { asOf: evaluation.asOf, retained_by: retention.rule, ...retention.params, ...params });
}

/**
 * Per acquisition channel: customers, meanActualCac, meanPlannedCac, cacRatio (sum actual / sum
 * planned), retainedShare (share still paying at the analysis date), meanRevenue, idealShare
 * (share of ideal_score >= the given score), retainedBy (the retention rule used: "paidPeriod" or
 * "recentOrder"); ordered by cacRatio.
 *
 * @example
 * (await channelQuality(evaluation)).print();
 */
export async function channelQuality(evaluation: CriteriaEvaluation, options: ChannelOptions & { idealMinScore?: number } = {}): Promise<Table> {
  requireFeatures(evaluation, ["acquisition_channel", "last_order_date", "revenue"], "channel quality");
  const cac = ["actual_cac", "planned_cac"].every((n) => evaluation.compiled.features.find((f) => f.name === n)?.evaluable);
  const idealMinScore = options.idealMinScore ?? Math.ceil((evaluation.compiled.maxScore * 2) / 3 - 1e-9);
  const retention = await retentionSql(evaluation, options);
  return queryWithRetention(
    evaluation,
    retention,
    `${withClause(retention.ctes)}SELECT t.acquisition_channel, CAST(count(*) AS INTEGER) AS customers,
  ${cac ? "avg(t.actual_cac)" : "NULL"} AS meanActualCac, ${cac ? "avg(t.planned_cac)" : "NULL"} AS meanPlannedCac,
  ${cac ? "sum(t.actual_cac) / nullif(sum(t.planned_cac), 0)" : "NULL"} AS cacRatio,
  avg(CASE WHEN ${retention.retained} THEN 1.0 ELSE 0.0 END) AS retainedShare,
  avg(t.revenue) AS meanRevenue,
  avg(CASE WHEN t.${q(evaluation.compiled.scoreColumn)} >= ${d.param("ideal_min_score", "DOUBLE")} THEN 1.0 ELSE 0.0 END) AS idealShare,
  CAST($retained_by AS VARCHAR) AS retainedBy
FROM ${q(evaluation.tableName)} t ${retention.join} WHERE t.acquisition_channel IS NOT NULL
GROUP BY t.acquisition_channel ORDER BY cacRatio NULLS LAST, t.acquisition_channel`,
    { ideal_min_score: idealMinScore },
  );
}

/**
 * Retention by the values of one column of the per-buyer table (a feature, cohort or criterion
 * flag, or the score): one row per value (`value`, as text; null for buyers without one) with
 * customers, retainedCustomers, retainedShare and retainedBy, ordered by value.
 *
 * @example
 * // Do buyers who got their first result fast stay more?
 * (await retentionBy(evaluation, "cohort_fast_first_result")).print();
 */
export async function retentionBy(evaluation: CriteriaEvaluation, column: string, options: ChannelOptions = {}): Promise<Table> {
  const { compiled } = evaluation;
  const columns = [...compiled.features.map((f) => f.name), ...compiled.cohorts.map((c) => c.column), ...compiled.criteria.map((c) => c.column), compiled.scoreColumn];
  if (!columns.includes(column)) throw new ParameterError(`retentionBy: '${column}' is not a column of the per-buyer table (features, cohort and criterion flags, ${compiled.scoreColumn})`, { column });
  requireFeatures(evaluation, ["last_order_date"], "retention");
  const retention = await retentionSql(evaluation, options);
  return queryWithRetention(
    evaluation,
    retention,
    `${withClause(retention.ctes)}SELECT CAST(t.${q(column)} AS VARCHAR) AS value, CAST(count(*) AS INTEGER) AS customers,
  CAST(count(*) FILTER (WHERE ${retention.retained}) AS INTEGER) AS retainedCustomers,
  avg(CASE WHEN ${retention.retained} THEN 1.0 ELSE 0.0 END) AS retainedShare,
  CAST($retained_by AS VARCHAR) AS retainedBy
FROM ${q(evaluation.tableName)} t ${retention.join}
GROUP BY ALL ORDER BY value NULLS LAST`,
  );
}

/**
 * Per-buyer promotion facts as CTEs: `ends` (promo_code, promotion_end: promotions.end_date, else
 * the last day the code was used) and `promo_buyers` (promo = first order's code or NULL,
 * promotion_end, ended = the promotion ended before the analysis date, ordered_after_end, retained,
 * revenue). A promotion ending on or after the analysis date has no "after" yet: `ended` is false
 * and `ordered_after_end` NULL.
 */
function promotionBuyersCtes(evaluation: CriteriaEvaluation, retention: RetentionSql): string[] {
  const { dataset } = evaluation;
  const hasEndDates = dataset.hasColumn("promotions", "end_date");
  const asOf = d.param("asOf", "DATE");
  return [
    ...retention.ctes,
    `usage AS (SELECT promo_code, max(order_date) AS last_used FROM orders WHERE promo_code IS NOT NULL AND order_date <= ${asOf} GROUP BY promo_code)`,
    `ends AS (SELECT u.promo_code, ${hasEndDates ? "coalesce(p.end_date, u.last_used)" : "u.last_used"} AS promotion_end FROM usage u ${hasEndDates ? "LEFT JOIN promotions p ON p.promo_code = u.promo_code" : ""})`,
    `promo_buyers AS (
  SELECT t.first_promo_code AS promo, ends.promotion_end,
    CASE WHEN t.first_promo_code IS NOT NULL THEN ends.promotion_end < ${asOf} END AS ended,
    CASE WHEN ends.promotion_end < ${asOf} THEN coalesce(t.last_order_date > ends.promotion_end, false) END AS ordered_after_end,
    ${retention.retained} AS retained, t.revenue
  FROM ${q(evaluation.tableName)} t LEFT JOIN ends ON ends.promo_code = t.first_promo_code ${retention.join})`,
  ];
}

/** Run `select` (a query over `promo_buyers`) after the promotion CTEs, with the retention rule of `options`. */
async function queryPromotionBuyers(evaluation: CriteriaEvaluation, options: ChannelOptions, what: string, select: string): Promise<Table> {
  requireFeatures(evaluation, ["first_promo_code", "last_order_date", "revenue"], what);
  const retention = await retentionSql(evaluation, options);
  return queryWithRetention(evaluation, retention, `${withClause(promotionBuyersCtes(evaluation, retention))}${select}`);
}

/** The columns both promotion views end with: share still paying, revenue per buyer, the retention rule. */
const RETAINED_REVENUE_RULE = `avg(CASE WHEN retained THEN 1.0 ELSE 0.0 END) AS retainedShare,
  avg(revenue) AS meanRevenue,
  CAST($retained_by AS VARCHAR) AS retainedBy`;

/**
 * Promotion cohorts: one row per promo code of the first order plus "(no promotion)": customers,
 * promotionEnd (promotions.end_date, else the last day the code was used), ended (the promotion
 * ended before the analysis date; null for no promotion), stayedAfterEnd (share of its buyers with
 * an order after it ended), note, retainedShare (share still paying at the analysis date),
 * meanRevenue, retainedBy (the retention rule used).
 * stayedAfterEnd is null, with the reason in `note`, for "(no promotion)" and for a promotion that
 * ends on or after the analysis date: its buyers cannot have ordered after it yet, and a 0 there
 * would read as "nobody stayed".
 *
 * @example
 * (await promotionCohorts(evaluation)).print();
 */
export async function promotionCohorts(evaluation: CriteriaEvaluation, options: ChannelOptions = {}): Promise<Table> {
  return queryPromotionBuyers(
    evaluation,
    options,
    "promotion cohorts",
    `SELECT coalesce(promo, '(no promotion)') AS promotion, CAST(count(*) AS INTEGER) AS customers,
  any_value(promotion_end) AS promotionEnd, bool_and(ended) AS ended,
  CASE WHEN bool_and(ended) THEN avg(CAST(ordered_after_end AS DOUBLE)) END AS stayedAfterEnd,
  CASE WHEN promo IS NULL THEN 'no promotion'
       WHEN bool_and(ended) IS NULL THEN 'not evaluable: the promotion''s end is unknown'
       WHEN NOT bool_and(ended) THEN 'not evaluable yet: the promotion ends ' || strftime(any_value(promotion_end), '%Y-%m-%d') || ', not before the analysis date ' || CAST($asOf AS VARCHAR)
       ELSE '' END AS note,
  ${RETAINED_REVENUE_RULE}
FROM promo_buyers GROUP BY promo ORDER BY promo NULLS FIRST`,
  );
}

/**
 * Buyers who came with a promotion against those who came without one, two rows (group
 * "promotion", "no promotion"; a group without buyers is left out): customers, endedCustomers
 * (buyers whose promotion ended before the analysis date), stayedAfterEnd (share of those with an
 * order after their promotion ended: over ended promotions only, null when none has ended),
 * retainedShare (all of the group's buyers), meanRevenue, retainedBy.
 *
 * @example
 * (await promotionSummary(evaluation)).print();
 */
export async function promotionSummary(evaluation: CriteriaEvaluation, options: ChannelOptions = {}): Promise<Table> {
  return queryPromotionBuyers(
    evaluation,
    options,
    "promotion summary",
    `SELECT CASE WHEN promo IS NULL THEN 'no promotion' ELSE 'promotion' END AS "group",
  CAST(count(*) AS INTEGER) AS customers,
  CAST(count(*) FILTER (WHERE ended) AS INTEGER) AS endedCustomers,
  avg(CAST(ordered_after_end AS DOUBLE)) FILTER (WHERE ended) AS stayedAfterEnd,
  ${RETAINED_REVENUE_RULE}
FROM promo_buyers GROUP BY ALL ORDER BY "group" DESC`,
  );
}
