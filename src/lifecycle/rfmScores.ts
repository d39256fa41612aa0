/**
 * RFM scoring (DOMAIN.md §4) in DuckDB: per customer recency (days since last order), frequency
 * (orders) and monetary (total spend) over an observation window ending at `asOf`, then
 * - quintile scores 1..5 (5 = most recent / most frequent / highest spend; `ntile` over the
 *   customers) and the 125-cell code r·100 + f·10 + m (the loyalty ladder), and
 * - the high/low 2-split of each dimension at the mean (or median) into 8 named segments.
 */
import * as aq from "arquero";
import { ParameterError } from "../errors/index.js";
import type { Dataset, Table } from "../data/index.js";
import { checkIsoDate } from "./periods.js";
import { withTransactions, type TransactionsTable } from "./transactions.js";

/** The 8 segments of the 2-split, keyed by R, F, M high (H) / low (L). */
export const RFM_SEGMENTS: Record<"HHH" | "LHH" | "HLH" | "LLH" | "HHL" | "LHL" | "HLL" | "LLL", string> = {
  HHH: "important_value", // recent, frequent, high spend
  LHH: "important_retain", // not recent, but frequent and high spend: win them back
  HLH: "important_develop", // recent, high spend, infrequent: grow frequency
  LLH: "important_recover", // high spend only: at risk
  HHL: "general_value",
  LHL: "general_retain",
  HLL: "general_develop", // recent newcomers
  LLL: "general_lost",
};

export interface RfmScoresOptions {
  /** Analysis date `YYYY-MM-DD`. Required. */
  asOf: string;
  /** Observation window in days before `asOf`; default 365 (the domain's 12 months). */
  windowDays?: number;
  /** Where the 2-split cuts each dimension: `"mean"` (default, the classic RFM model) or `"median"`. */
  splitAt?: "mean" | "median";
  /** Number of score bins; default 5 (quintiles, 125 cells). */
  bins?: number;
  /** Transactions (customer_id, order_date, amount); default `"orders"`. */
  transactions?: TransactionsTable;
}

/**
 * Per customer with an order in the window: recency_days, frequency, monetary, r_score, f_score,
 * m_score, rfm_cell (e.g. 545), r_high, f_high, m_high, segment.
 *
 * @example
 * const scores = await rfmScores(ds, { asOf: "2026-09-30" });
 */
export async function rfmScores(dataset: Dataset, options: RfmScoresOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const windowDays = options.windowDays ?? 365;
  const bins = options.bins ?? 5;
  const split = options.splitAt ?? "mean";
  if (split !== "mean" && split !== "median") throw new ParameterError("splitAt must be 'mean' or 'median'", { splitAt: split });
  if (!(Number.isInteger(bins) && bins >= 2 && bins <= 9)) throw new ParameterError("bins must be an integer 2..9", { bins });
  const cut = split === "mean" ? "avg" : "median";
  const scores = await withTransactions(dataset, options.transactions ?? "orders", (relation) => dataset.query(
    `
WITH per_customer AS (
  SELECT CAST(customer_id AS VARCHAR) AS customer_id,
    CAST(date_diff('day', max(CAST(order_date AS DATE)), CAST($asOf AS DATE)) AS INTEGER) AS recency_days,
    CAST(count(*) AS INTEGER) AS frequency, sum(CAST(amount AS DOUBLE)) AS monetary
  FROM ${relation}
  WHERE CAST(order_date AS DATE) <= CAST($asOf AS DATE)
    AND CAST(order_date AS DATE) > CAST($asOf AS DATE) - CAST($windowDays AS INTEGER)
  GROUP BY 1
),
cuts AS (SELECT ${cut}(recency_days) AS r_cut, ${cut}(frequency) AS f_cut, ${cut}(monetary) AS m_cut FROM per_customer),
scored AS (
  SELECT p.*,
    CAST(ntile($bins) OVER (ORDER BY recency_days DESC, customer_id) AS INTEGER) AS r_score,
    CAST(ntile($bins) OVER (ORDER BY frequency, customer_id) AS INTEGER) AS f_score,
    CAST(ntile($bins) OVER (ORDER BY monetary, customer_id) AS INTEGER) AS m_score,
    p.recency_days < c.r_cut AS r_high, p.frequency > c.f_cut AS f_high, p.monetary > c.m_cut AS m_high
  FROM per_customer p, cuts c
)
SELECT * FROM scored ORDER BY customer_id`,
    { asOf, windowDays, bins },
  ));
  return withCellsAndSegments(scores);
}

/** Segment names indexed by (r_high ? 4 : 0) + (f_high ? 2 : 0) + (m_high ? 1 : 0). */
const SEGMENT_BY_BITS = ["LLL", "LLH", "LHL", "LHH", "HLL", "HLH", "HHL", "HHH"].map((key) => RFM_SEGMENTS[key as keyof typeof RFM_SEGMENTS]);

/**
 * Add rfm_cell and segment in JS: moving a text column out of DuckDB costs more than the whole
 * lookup here (CPU time against the hand-written SQL of bench/lifecycle.bench.ts at 300k customers,
 * best of 3: 1.15x with both columns computed in SQL, 0.82x with them computed here; same rows).
 */
function withCellsAndSegments(scores: Table): Table {
  const rows = scores.numRows();
  const [r, f, m] = ["r_score", "f_score", "m_score"].map((name) => scores.array(name) as ArrayLike<number>);
  const [rHigh, fHigh, mHigh] = ["r_high", "f_high", "m_high"].map((name) => scores.array(name) as ArrayLike<boolean>);
  const rfmCell = new Array<number>(rows);
  const segment = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    rfmCell[i] = r[i] * 100 + f[i] * 10 + m[i];
    segment[i] = SEGMENT_BY_BITS[(rHigh[i] ? 4 : 0) + (fHigh[i] ? 2 : 0) + (mHigh[i] ? 1 : 0)];
  }
  return scores.assign(aq.table({ rfm_cell: rfmCell, segment }));
}

/**
 * Segment sizes and value from `rfmScores`: segment, customers, share, monetary (total),
 * monetary_share, avg_monetary, avg_frequency, avg_recency_days. Use `groupBy: "rfm_cell"` for the
 * 125-cell ladder.
 *
 * @example
 * rfmSegmentSummary(await rfmScores(ds, { asOf: "2026-09-30" }));
 */
export function rfmSegmentSummary(scores: Table, options: { groupBy?: "segment" | "rfm_cell" } = {}): Table {
  const key = options.groupBy ?? "segment";
  const total = scores.numRows();
  const totalMonetary = (scores.rollup({ m: aq.op.sum("monetary") }).get("m", 0) as number) || 0;
  return scores
    .groupby(key)
    .rollup({
      customers: aq.op.count(),
      monetary: aq.op.sum("monetary"),
      avg_monetary: aq.op.mean("monetary"),
      avg_frequency: aq.op.mean("frequency"),
      avg_recency_days: aq.op.mean("recency_days"),
    })
    .params({ total, totalMonetary })
    .derive({
      share: (d: { customers: number }, $: { total: number }) => d.customers / $.total,
      monetary_share: (d: { monetary: number }, $: { totalMonetary: number }) => d.monetary / $.totalMonetary,
    })
    .orderby(aq.desc("monetary"));
}
