/**
 * Churn by inactivity (DOMAIN.md §4): a customer counts as churned when their last activity is older
 * than a threshold. Activity = product events and orders (whichever is later); a customer with
 * neither counts from their signup day. New-user churn rate for a signup day = customers who signed
 * up that day and are churned / customers who signed up that day.
 */
import { ParameterError } from "../errors/index.js";
import type { Dataset, Table } from "../data/index.js";
import { checkIsoDate } from "./periods.js";

export interface InactivityChurnOptions {
  /** Analysis date `YYYY-MM-DD`; later activity is ignored. Required. */
  asOf: string;
  /** Churned when `asOf` − last activity > this many days; default 30. */
  thresholdDays?: number;
  /** Count orders as activity too; default true. */
  includeOrders?: boolean;
}

function lastActivitySql(dataset: Dataset, includeOrders: boolean): string {
  const sources = ["SELECT customer_id, signup_date AS activity_date FROM customers"];
  if (dataset.hasTable("events")) sources.push("SELECT customer_id, event_date FROM events");
  if (includeOrders && dataset.hasTable("orders")) sources.push("SELECT customer_id, order_date FROM orders");
  return `
last_activity AS (
  SELECT a.customer_id, max(a.activity_date) AS last_activity_date
  FROM (${sources.join(" UNION ALL ")}) a
  WHERE a.activity_date <= CAST($asOf AS DATE)
  GROUP BY a.customer_id
)`;
}

function checkThreshold(thresholdDays: number): number {
  if (!(Number.isFinite(thresholdDays) && thresholdDays >= 0)) throw new ParameterError("thresholdDays must be a number >= 0", { thresholdDays });
  return thresholdDays;
}

/**
 * Per customer (signed up by `asOf`): last_activity_date, days_inactive, churned.
 *
 * @example
 * const status = await inactivityChurn(ds, { asOf: "2026-09-30", thresholdDays: 30 });
 * status.filter((d) => d.churned).numRows(); // total churned
 */
export async function inactivityChurn(dataset: Dataset, options: InactivityChurnOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const thresholdDays = checkThreshold(options.thresholdDays ?? 30);
  return dataset.query(
    `WITH ${lastActivitySql(dataset, options.includeOrders ?? true)}
SELECT customer_id, last_activity_date,
       CAST(date_diff('day', last_activity_date, CAST($asOf AS DATE)) AS INTEGER) AS days_inactive,
       date_diff('day', last_activity_date, CAST($asOf AS DATE)) > $thresholdDays AS churned
FROM last_activity ORDER BY customer_id`,
    { asOf, thresholdDays },
  );
}

/**
 * New-user churn rate per signup day: signup_date, registered, churned, churn_rate (churned /
 * registered). Only signup days at least `thresholdDays` before `asOf` are meaningful (later sign-ups
 * cannot be churned yet); they are left out.
 *
 * @example
 * const perDay = await newUserChurnBySignupDay(ds, { asOf: "2026-09-30", thresholdDays: 30 });
 */
export async function newUserChurnBySignupDay(dataset: Dataset, options: InactivityChurnOptions): Promise<Table> {
  const asOf = checkIsoDate(options.asOf, "asOf");
  const thresholdDays = checkThreshold(options.thresholdDays ?? 30);
  return dataset.query(
    `WITH ${lastActivitySql(dataset, options.includeOrders ?? true)}
SELECT c.signup_date, CAST(count(*) AS INTEGER) AS registered,
       CAST(count(*) FILTER (WHERE date_diff('day', l.last_activity_date, CAST($asOf AS DATE)) > $thresholdDays) AS INTEGER) AS churned,
       count(*) FILTER (WHERE date_diff('day', l.last_activity_date, CAST($asOf AS DATE)) > $thresholdDays) / count(*) AS churn_rate
FROM customers c JOIN last_activity l USING (customer_id)
WHERE date_diff('day', c.signup_date, CAST($asOf AS DATE)) >= $thresholdDays
GROUP BY c.signup_date ORDER BY c.signup_date`,
    { asOf, thresholdDays },
  );
}
