/**
 * Channels and promotions (DOMAIN.md §2, "acquisition channel quality"):
 * - CAC by acquisition channel (actual vs planned) next to the retention and value of the buyers
 *   each channel brings;
 * - promotion cohorts: how many buyers each promotion brought and how many are still paying after
 *   it ended, against buyers who came without a promotion.
 * "Retained" = an order within `activeDays` before the analysis date (a paying customer at as_of).
 */
import type { Table } from "../data/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { DataError } from "../errors/index.js";
import { DUCKDB_DIALECT } from "../sql/index.js";

const d = DUCKDB_DIALECT;
const q = d.quoteIdent;

export interface ChannelOptions {
  /** A buyer is retained when their latest order is within this many days before as_of. Default 45 (monthly billing + grace). */
  activeDays?: number;
}

const retainedSql = `last_order_date > ${d.datePlusDays(d.param("as_of", "DATE"), `-${d.param("active_days", "INTEGER")}`)}`;

function requireFeatures(evaluation: CriteriaEvaluation, names: string[], what: string): void {
  const missing = names.filter((n) => !evaluation.compiled.features.find((f) => f.name === n)?.evaluable);
  if (missing.length) throw new DataError(`${what} needs the features ${missing.join(", ")} (${missing.flatMap((n) => evaluation.compiled.features.find((f) => f.name === n)?.missing ?? []).join(", ")})`);
}

/**
 * Per acquisition channel: customers, meanActualCac, meanPlannedCac, cacRatio (sum actual / sum
 * planned), retainedShare, meanRevenue, idealShare (share of ideal_score >= the given score);
 * ordered by cacRatio.
 *
 * @example
 * (await channelQuality(evaluation)).print();
 */
export async function channelQuality(evaluation: CriteriaEvaluation, options: ChannelOptions & { idealMinScore?: number } = {}): Promise<Table> {
  requireFeatures(evaluation, ["acquisition_channel", "last_order_date", "revenue"], "channel quality");
  const cac = ["actual_cac", "planned_cac"].every((n) => evaluation.compiled.features.find((f) => f.name === n)?.evaluable);
  const idealMinScore = options.idealMinScore ?? Math.ceil((evaluation.compiled.maxScore * 2) / 3 - 1e-9);
  return evaluation.dataset.query(
    `SELECT acquisition_channel, CAST(count(*) AS INTEGER) AS customers,
  ${cac ? "avg(actual_cac)" : "NULL"} AS meanActualCac, ${cac ? "avg(planned_cac)" : "NULL"} AS meanPlannedCac,
  ${cac ? "sum(actual_cac) / nullif(sum(planned_cac), 0)" : "NULL"} AS cacRatio,
  avg(CASE WHEN ${retainedSql} THEN 1.0 ELSE 0.0 END) AS retainedShare,
  avg(revenue) AS meanRevenue,
  avg(CASE WHEN ${q(evaluation.compiled.scoreColumn)} >= ${d.param("ideal_min_score", "DOUBLE")} THEN 1.0 ELSE 0.0 END) AS idealShare
FROM ${q(evaluation.tableName)} WHERE acquisition_channel IS NOT NULL
GROUP BY acquisition_channel ORDER BY cacRatio NULLS LAST, acquisition_channel`,
    { as_of: evaluation.asOf, active_days: options.activeDays ?? 45, ideal_min_score: idealMinScore },
  );
}

/**
 * Promotion cohorts: one row per promo code of the first order plus "(no promotion)": customers,
 * promotionEnd (promotions.end_date, else the last day the code was used), stayedAfterEnd (share
 * with an order after the promotion ended; null for no promotion), retainedShare, meanRevenue.
 *
 * @example
 * (await promotionCohorts(evaluation)).print();
 */
export async function promotionCohorts(evaluation: CriteriaEvaluation, options: ChannelOptions = {}): Promise<Table> {
  requireFeatures(evaluation, ["first_promo_code", "last_order_date", "revenue"], "promotion cohorts");
  const { dataset } = evaluation;
  const promotionEnd = dataset.hasColumn("promotions", "end_date")
    ? "coalesce(p.end_date, u.last_used)"
    : "u.last_used";
  const promotionsJoin = dataset.hasColumn("promotions", "end_date") ? "LEFT JOIN promotions p ON p.promo_code = u.promo_code" : "";
  return dataset.query(
    `WITH usage AS (SELECT promo_code, max(order_date) AS last_used FROM orders WHERE promo_code IS NOT NULL AND order_date <= ${d.param("as_of", "DATE")} GROUP BY promo_code),
ends AS (SELECT u.promo_code, ${promotionEnd} AS promotion_end FROM usage u ${promotionsJoin})
SELECT coalesce(t.first_promo_code, '(no promotion)') AS promotion, CAST(count(*) AS INTEGER) AS customers,
  any_value(ends.promotion_end) AS promotionEnd,
  CASE WHEN t.first_promo_code IS NULL THEN NULL ELSE avg(CASE WHEN t.last_order_date > ends.promotion_end THEN 1.0 ELSE 0.0 END) END AS stayedAfterEnd,
  avg(CASE WHEN ${retainedSql} THEN 1.0 ELSE 0.0 END) AS retainedShare,
  avg(t.revenue) AS meanRevenue
FROM ${q(evaluation.tableName)} t LEFT JOIN ends ON ends.promo_code = t.first_promo_code
GROUP BY t.first_promo_code ORDER BY t.first_promo_code NULLS FIRST`,
    { as_of: evaluation.asOf, active_days: options.activeDays ?? 45 },
  );
}
