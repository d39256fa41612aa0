/**
 * `npm run bench -- portrait`: the full criteria evaluation + portrait (categorical shares with
 * intervals and tests, numeric medians/IQR) on 100k and 1M demo customers (their orders and ~10
 * events each), against the same features, flags and shares written by hand as one DuckDB SQL
 * script, run in the same process on the same database. The ratio shows what the criteria
 * compiler, parameter binding and result transfer to arquero cost. Peak memory = max RSS.
 *
 * The demo data is generated once per size in a child process into Parquet files under /tmp
 * (so generation does not count in this process's peak memory), then loaded into an in-memory
 * DuckDB here: peak RSS = loaded data + evaluation + portrait.
 *
 * Options: `--customers 100000,1000000` (default), `--reps 2` (best of), `--memory-limit 1500MB`
 * (DuckDB memory_limit; default DuckDB's own, 80% of RAM).
 * Target (issue 11): 1M customers in under 3 s, within 1.3x of the hand-written SQL, < 2 GB.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Dataset, openDatabase, readModelColumns, TABLE_NAMES } from "../src/data/index.js";
import { quoteIdent } from "../src/sql/index.js";
import { evaluateCriteria } from "../src/criteria/index.js";
import { portrait } from "../src/portrait/index.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const sizes = option("customers", "100000,1000000").split(",").map(Number);
const reps = Number(option("reps", "2"));
const memoryLimit = option("memory-limit", "") || undefined;
const AS_OF = "2026-09-30";
const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

// The same features, cohort flags, criteria and score as the built-in criteria with default
// thresholds, written by hand (literals instead of bound parameters), then the portrait's counts.
const HAND_FEATURES = `
CREATE OR REPLACE TEMP TABLE hand_criteria AS
WITH o AS (
  SELECT customer_id, min(order_date) AS first_order_date, max(order_date) AS last_order_date, count(*) AS order_count, sum(amount) AS revenue,
    arg_min(promo_code, order_date) AS first_promo_code, count(*) >= 2 AS repeat_buyer, bool_or(promo_code IS NOT NULL) AS promo_used, sum(amount) / nullif(sum(list_price), 0) AS price_ratio, coalesce(bool_or(prepaid), false) AS prepaid
  FROM orders WHERE order_date <= DATE '${AS_OF}' GROUP BY customer_id HAVING max(order_date) > DATE '${AS_OF}' - INTERVAL 12 MONTH),
t AS (SELECT t.customer_id, count(*) FILTER (WHERE t.touch_date <= o.first_order_date) AS touches, count(*) FILTER (WHERE t.touch_date <= o.first_order_date AND t.touch_type = 'sales') AS sales_touches,
    arg_min(t.funnel_stage, t.touch_date) IN ('awareness', 'interest') AS top_entry, coalesce(sum(t.cost) FILTER (WHERE t.touch_date <= o.first_order_date), 0) AS actual_cac
  FROM touches t JOIN o USING (customer_id) WHERE t.touch_date <= DATE '${AS_OF}' GROUP BY t.customer_id),
e AS (SELECT e.customer_id, count(*) FILTER (WHERE e.event_date < o.first_order_date AND e.event_type <> 'first_result') AS self_serve,
    date_diff('day', any_value(o.first_order_date), min(e.event_date) FILTER (WHERE e.event_type = 'first_result')) AS ttv,
    count(*) FILTER (WHERE e.event_date > DATE '${AS_OF}' - INTERVAL 12 MONTH) AS events_in_window
  FROM events e JOIN o USING (customer_id) WHERE e.event_date <= DATE '${AS_OF}' GROUP BY e.customer_id),
tr AS (SELECT tr.customer_id, bool_or(tr.start_date <= o.first_order_date) AS trial FROM trials tr JOIN o USING (customer_id) WHERE tr.start_date <= DATE '${AS_OF}' GROUP BY tr.customer_id),
n AS (SELECT customer_id, arg_max(score, response_date) AS nps FROM nps WHERE response_date <= DATE '${AS_OF}' GROUP BY customer_id),
s AS (SELECT customer_id, 100.0 * (arg_max(seats, snapshot_date) - arg_min(seats, snapshot_date)) / nullif(arg_min(seats, snapshot_date), 0) AS seat_growth FROM seats WHERE snapshot_date <= DATE '${AS_OF}' GROUP BY customer_id),
d AS (SELECT customer_id, count(DISTINCT department) AS departments FROM departments GROUP BY customer_id),
r AS (SELECT customer_id, count(*) FILTER (WHERE rating >= 4) AS positive_reviews FROM reviews WHERE review_date <= DATE '${AS_OF}' GROUP BY customer_id),
rf AS (SELECT referrer_id AS customer_id, count(DISTINCT referred_id) FILTER (WHERE referred_id IN (SELECT customer_id FROM orders WHERE order_date <= DATE '${AS_OF}')) AS paying_referrals FROM referrals GROUP BY referrer_id),
f AS (
  SELECT c.customer_id, c.industry, c.company_size, c.region, c.country, c.acquisition_channel, c.plan, c.employees, c.profile_completeness,
    c.max_revenue_potential, c.planned_cac, o.*EXCLUDE (customer_id), coalesce(t.touches, 0) AS touches, coalesce(t.actual_cac, 0) AS actual_cac,
    date_diff('day', c.first_touch_date, o.first_order_date) AS days_to_purchase,
    coalesce(t.sales_touches, 0) AS sales_touches, t.top_entry, coalesce(t.actual_cac, 0) / nullif(c.planned_cac, 0) AS cac_ratio,
    coalesce(e.self_serve, 0) AS self_serve, e.ttv, coalesce(e.events_in_window, 0) AS events_in_window, coalesce(tr.trial, false) AS trial, n.nps, s.seat_growth,
    coalesce(d.departments, 0) AS departments, coalesce(r.positive_reviews, 0) AS positive_reviews, coalesce(rf.paying_referrals, 0) AS paying_referrals
  FROM customers c JOIN o USING (customer_id) LEFT JOIN t USING (customer_id) LEFT JOIN e USING (customer_id) LEFT JOIN tr USING (customer_id)
    LEFT JOIN n USING (customer_id) LEFT JOIN s USING (customer_id) LEFT JOIN d USING (customer_id) LEFT JOIN r USING (customer_id) LEFT JOIN rf USING (customer_id)),
cohorts AS (
  SELECT *,
    coalesce(sales_touches <= 1 AND top_entry IS TRUE, false) AS k1a, coalesce(self_serve >= 5, false) AS k1b,
    coalesce(trial, false) AS k2a, coalesce(promo_used IS FALSE, false) AS k2b,
    coalesce(price_ratio >= 0.995, false) AS k3a, coalesce(prepaid, false) AS k3b,
    coalesce(ttv <= 14, false) AS k4a, coalesce(nps >= 9, false) AS k4b,
    coalesce(days_to_purchase < 30, false) AS k5a, coalesce(cac_ratio < 1, false) AS k5b,
    coalesce(seat_growth >= 20, false) AS k6a, coalesce(departments >= 2, false) AS k6b,
    coalesce(positive_reviews >= 1, false) AS k7a, coalesce(paying_referrals >= 2, false) AS k7b
  FROM f),
flags AS (
  SELECT *, k1a OR k1b AS c1, k2a OR k2b AS c2, k3a OR k3b AS c3, k4a OR k4b AS c4, k5a OR k5b AS c5, k6a OR k6b AS c6, k7a OR k7b AS c7
  FROM cohorts)
SELECT *, c1::INT + c2::INT + c3::INT + c4::INT + c5::INT + c6::INT + c7::INT AS score FROM flags`;

const HAND_SHARES = `
SELECT score >= 5 AS ideal, industry, company_size, region, acquisition_channel, plan, count(*) AS n
FROM hand_criteria GROUP BY GROUPING SETS ((ideal), (ideal, industry), (ideal, company_size), (ideal, region), (ideal, acquisition_channel), (ideal, plan))`;
const HAND_NUMERIC = `
SELECT score >= 5 AS ideal, ${["employees", "revenue", "order_count", "events_in_window", "ttv", "days_to_purchase", "seat_growth"]
  .map((c) => `count(${c}), quantile_cont(${c}, 0.25), quantile_cont(${c}, 0.5), quantile_cont(${c}, 0.75), avg(${c})`).join(", ")}
FROM hand_criteria GROUP BY ALL`;

async function handWritten(dataset: Dataset): Promise<number> {
  await dataset.run(HAND_FEATURES);
  const shares = await dataset.connection.runAndReadAll(HAND_SHARES);
  await dataset.connection.runAndReadAll(HAND_NUMERIC);
  await dataset.connection.runAndReadAll("SELECT count(*) FILTER (WHERE c1), count(*) FILTER (WHERE c2), count(*) FILTER (WHERE c3), count(*) FILTER (WHERE c4), count(*) FILTER (WHERE c5), count(*) FILTER (WHERE c6), count(*) FILTER (WHERE c7) FROM hand_criteria");
  return shares.rowCount;
}

async function ours(dataset: Dataset): Promise<number> {
  const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
  await evaluation.coverage();
  const result = await portrait(evaluation);
  return result.all.numRows();
}

const time = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
};

/** Parquet demo files for `customers`, generated by a child process unless already there. */
function demoFiles(customers: number): { dir: string; generatedS: number } {
  const dir = `/tmp/icp-portrait-bench-${customers}-seed11`;
  if (existsSync(`${dir}/events.parquet`)) return { dir, generatedS: NaN };
  const start = performance.now();
  const script = `import { writeDemoData } from ${JSON.stringify(new URL("../src/data/index.ts", import.meta.url).pathname)};
await writeDemoData(${JSON.stringify(dir)}, { customers: ${customers}, seed: 11, formats: ["parquet"] });`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`demo generation failed for ${customers} customers`);
  return { dir, generatedS: (performance.now() - start) / 1000 };
}

async function loadParquet(dir: string): Promise<{ dataset: Dataset; loadS: number }> {
  const start = performance.now();
  const { instance, connection } = await openDatabase({ memoryLimit });
  for (const table of TABLE_NAMES) {
    const file = `${dir}/${table}.parquet`;
    if (existsSync(file)) await connection.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
  }
  return { dataset: new Dataset(instance, connection, await readModelColumns(connection)), loadS: (performance.now() - start) / 1000 };
}

const rows: string[][] = [];
for (const customers of sizes) {
  const { dir, generatedS } = demoFiles(customers);
  const { dataset, loadS } = await loadParquet(dir);
  const counts = (await dataset.query("SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM events) AS events")).objects()[0] as { orders: number; events: number };
  let best = { hand: Infinity, ours: Infinity };
  for (let rep = 0; rep < reps; rep++) {
    best = { hand: Math.min(best.hand, await time(() => handWritten(dataset))), ours: Math.min(best.ours, await time(() => ours(dataset))) };
  }
  // Cross-check: both pipelines count the same ideal customers.
  const check = (await dataset.query("SELECT (SELECT count(*) FROM hand_criteria WHERE score >= 5) AS hand, (SELECT count(*) FROM icp_criteria WHERE ideal_score >= 5) AS ours")).objects()[0] as { hand: number; ours: number };
  rows.push([customers.toLocaleString("en"), counts.orders.toLocaleString("en"), counts.events.toLocaleString("en"), Number.isNaN(generatedS) ? "cached" : generatedS.toFixed(1), loadS.toFixed(2), best.hand.toFixed(2), best.ours.toFixed(2), (best.ours / best.hand).toFixed(2), check.hand === check.ours ? `yes (${check.ours})` : `NO ${check.hand} vs ${check.ours}`, peakMb().toFixed(0)]);
  dataset.close();
}

const header = ["customers", "orders", "events", "generate s", "load s", "hand SQL s", "icp-lab s", "ratio", "same ideal count", "peak RSS MB"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(" | ")} |`;
console.log(`criteria evaluation + portrait vs hand-written DuckDB SQL (best of ${reps}; DuckDB memory_limit ${memoryLimit ?? "default"}; peak RSS is cumulative for the process)`);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
