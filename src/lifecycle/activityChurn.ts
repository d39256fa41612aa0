/**
 * Activity churn per account, the leading indicator (DOMAIN.md §3): one user going quiet is normal, a
 * whole account's activity dropping is a churn risk. Events are counted per account (customer_id,
 * all its users together) in `windows` consecutive windows of `windowDays` ending at `asOf`
 * (window 0 = the most recent).
 *
 * The rule (tunable): an account is *declining* when
 * - `rule: "ratio"` (default): it had at least `minPreviousEvents` events in the previous window and
 *   recent / previous events <= `declineRatio` (default 0.5: activity halved), or
 * - `rule: "slope"`: its busiest window before the recent one had at least `minPreviousEvents` events
 *   (a sustained decline leaves the previous window quiet too, so the gate looks at all earlier
 *   windows) and the least-squares slope of events per window over all windows, relative to the
 *   mean per window, is <= −`relativeSlopeThreshold` (default 0.15: losing 15% of the mean per window).
 *   Slope = Σ (t − t̄) c_t / Σ (t − t̄)², with t = 0 for the oldest window (zero-count windows included).
 *
 * Declining accounts are split into **conversion** (never paid: trial/free accounts fading before
 * converting) and **recovery** (paying for at least `recoveryMinTenureDays`: long-time customers
 * slipping); paying accounts younger than that are **early_life**.
 */
import { ParameterError } from "../errors/index.js";
import type { Dataset, Table } from "../data/index.js";
import { checkIsoDate } from "./periods.js";

export interface ActivityChurnOptions {
  /** Analysis date `YYYY-MM-DD`. Required. */
  asOf: string;
  /** Window length in days; default 30. */
  windowDays?: number;
  /** Number of windows (>= 2); default 6. */
  windows?: number;
  /** Decline rule; default `"ratio"`. */
  rule?: "ratio" | "slope";
  /** Ratio rule: recent / previous <= this; default 0.5. */
  declineRatio?: number;
  /** Slope rule: relative slope per window <= −this; default 0.15. */
  relativeSlopeThreshold?: number;
  /**
   * Activity gate: accounts with fewer events than this in the previous window (ratio rule) or in
   * their busiest earlier window (slope rule) are never flagged; default 10. Scale it to the
   * product's event volume (the demo data has about one event per account every five weeks).
   */
  minPreviousEvents?: number;
  /** Paying accounts at least this old (days since signup) are in the recovery segment; default 180. */
  recoveryMinTenureDays?: number;
}

/**
 * Per account with events in the lookback: recent_events, previous_events, peak_earlier_events, activity_ratio,
 * active_users_recent, active_users_previous, relative_slope, tenure_days, is_paying, plan (if the
 * customers table has it), declining, segment ('conversion' | 'recovery' | 'early_life').
 *
 * @example
 * const trend = await accountActivityTrend(ds, { asOf: "2026-09-30", windowDays: 30, declineRatio: 0.5 });
 * const atRisk = trend.filter((d) => d.declining);
 */
export async function accountActivityTrend(dataset: Dataset, options: ActivityChurnOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const windowDays = options.windowDays ?? 30;
  const windows = options.windows ?? 6;
  const rule = options.rule ?? "ratio";
  if (!(Number.isInteger(windowDays) && windowDays > 0)) throw new ParameterError("windowDays must be a positive integer", { windowDays });
  if (!(Number.isInteger(windows) && windows >= 2)) throw new ParameterError("windows must be an integer >= 2", { windows });
  if (rule !== "ratio" && rule !== "slope") throw new ParameterError("rule must be 'ratio' or 'slope'", { rule });
  if (!dataset.hasTable("events")) throw new ParameterError("accountActivityTrend needs the events table");
  // t = windows - 1 - w (oldest window t = 0); t̄ = (windows - 1) / 2; Sxx = windows (windows² − 1) / 12.
  const meanT = (windows - 1) / 2;
  const sxx = (windows * (windows * windows - 1)) / 12;
  const plan = dataset.hasColumn("customers", "plan") ? "c.plan" : "CAST(NULL AS VARCHAR)";
  const declining =
    rule === "ratio"
      ? "previous_events >= $minPreviousEvents AND recent_events <= $declineRatio * previous_events"
      : "peak_earlier_events >= $minPreviousEvents AND relative_slope <= -$relativeSlopeThreshold";
  return dataset.query(
    `
WITH ev AS (
  SELECT customer_id, user_id, CAST(floor(date_diff('day', event_date, CAST($asOf AS DATE)) / $windowDays) AS INTEGER) AS w
  FROM events
  WHERE event_date <= CAST($asOf AS DATE) AND date_diff('day', event_date, CAST($asOf AS DATE)) < $windowDays * $windows
),
per_window AS (SELECT customer_id, w, count(*) AS n FROM ev GROUP BY ALL),
trend AS (
  SELECT customer_id,
    coalesce(sum(n) FILTER (WHERE w = 0), 0) AS recent_events,
    coalesce(sum(n) FILTER (WHERE w = 1), 0) AS previous_events,
    coalesce(max(n) FILTER (WHERE w >= 1), 0) AS peak_earlier_events,
    sum(($windows - 1 - w - $meanT) * n) / $sxx / (sum(n) / $windows) AS relative_slope
  FROM per_window GROUP BY customer_id
),
users AS (
  SELECT customer_id, count(DISTINCT user_id) FILTER (WHERE w = 0) AS active_users_recent,
         count(DISTINCT user_id) FILTER (WHERE w = 1) AS active_users_previous
  FROM ev GROUP BY customer_id
),
paying AS (SELECT DISTINCT customer_id FROM orders WHERE order_date <= CAST($asOf AS DATE)),
scored AS (
  SELECT t.customer_id, CAST(t.recent_events AS INTEGER) AS recent_events, CAST(t.previous_events AS INTEGER) AS previous_events,
    CAST(t.peak_earlier_events AS INTEGER) AS peak_earlier_events,
    CASE WHEN t.previous_events > 0 THEN t.recent_events / t.previous_events END AS activity_ratio,
    CAST(u.active_users_recent AS INTEGER) AS active_users_recent, CAST(u.active_users_previous AS INTEGER) AS active_users_previous,
    t.relative_slope,
    CAST(date_diff('day', c.signup_date, CAST($asOf AS DATE)) AS INTEGER) AS tenure_days,
    p.customer_id IS NOT NULL AS is_paying, ${plan} AS plan
  FROM trend t JOIN users u USING (customer_id) LEFT JOIN customers c USING (customer_id) LEFT JOIN paying p USING (customer_id)
)
SELECT *, coalesce(${declining}, false) AS declining,
  CASE WHEN NOT is_paying THEN 'conversion' WHEN tenure_days >= $recoveryMinTenureDays THEN 'recovery' ELSE 'early_life' END AS segment
FROM scored ORDER BY customer_id`,
    {
      asOf,
      windowDays,
      windows,
      meanT,
      sxx,
      minPreviousEvents: options.minPreviousEvents ?? 10,
      // DuckDB rejects unused named parameters: bind only the active rule's threshold.
      ...(rule === "ratio"
        ? { declineRatio: options.declineRatio ?? 0.5 }
        : { relativeSlopeThreshold: options.relativeSlopeThreshold ?? 0.15 }),
      recoveryMinTenureDays: options.recoveryMinTenureDays ?? 180,
    },
  );
}
