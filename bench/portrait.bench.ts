/**
 * `npm run bench -- portrait [-- --customers 1000000 --reps 5 --storage file]`: the full
 * criteria evaluation + coverage + portrait (categorical shares with intervals and tests, numeric
 * medians/IQR) on 100k and 1M demo customers (their orders and ~12 events each), against the same
 * features, flags, counts and quartiles written by hand as one DuckDB SQL script, run in the same
 * process on the same database. The ratio shows what the criteria compiler, parameter binding and
 * result transfer to arquero cost.
 *
 * The hand-written script uses the same formulation as the compiler (buyers numbered once so the
 * per-table aggregates group and join on an integer, "paid at all" read from the order facts, one
 * list quantile per attribute): a trick the compiler uses is one the hand SQL gets too, so the
 * ratio measures only what the library adds.
 *
 * The demo data is generated once per size in a child process into Parquet files under /tmp (so
 * generation does not count in this process's memory), then loaded into an in-memory DuckDB here.
 * Each rep runs both pipelines (alternating which goes first) from the same state: neither result
 * table exists when a pipeline starts. Time = wall and CPU (process user + system, all DuckDB
 * threads) per pipeline; min and median over the reps. Memory = peak RSS of the process during
 * each phase (the kernel's high-water mark is reset before it via /proc/self/clear_refs), so it
 * includes the loaded data, which the "after load" column shows on its own.
 *
 * Options: `--customers 100000,1000000` (default), `--reps 3`, `--memory-limit 1500MB` (DuckDB
 * memory_limit; default the library's, see openDatabase), `--storage memory|file` (see openData).
 * Target (issue 11): 1M customers in under 3 s, within 1.3x of the hand-written SQL, < 2 GB.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
const reps = Number(option("reps", "3"));
const memoryLimit = option("memory-limit", "") || undefined;
const storage = option("storage", "memory");
if (storage !== "memory" && storage !== "file") throw new Error(`--storage: expected memory or file, got ${storage}`);
const AS_OF = "2026-09-30";

/** Peak RSS in MB since the last `resetPeak()` (Linux VmHWM; falls back to the process's maxRSS). */
function peakMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}
function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux, or not allowed: peaks are then cumulative for the process.
  }
}

// The same features, cohort flags, criteria and score as the built-in criteria with default
// thresholds, written by hand (literals instead of bound parameters), then the portrait's counts.
const WINDOW_START = `DATE '${AS_OF}' - INTERVAL 12 MONTH`;
const HAND_FEATURES = `
CREATE TEMP TABLE hand_criteria AS
WITH paid AS (
  SELECT customer_id, min(order_date) AS first_order_date, max(order_date) AS last_order_date, count(*) AS order_count, sum(amount) AS revenue,
    arg_min(promo_code, order_date) AS first_promo_code, count(*) >= 2 AS repeat_buyer, bool_or(promo_code IS NOT NULL) AS promo_used, sum(amount) / nullif(sum(list_price), 0) AS price_ratio, coalesce(bool_or(prepaid), false) AS prepaid
  FROM orders WHERE order_date <= DATE '${AS_OF}' GROUP BY customer_id),
o AS MATERIALIZED (SELECT *, row_number() OVER () AS k FROM paid WHERE last_order_date > ${WINDOW_START}),
t AS (SELECT o.k, count(*) FILTER (WHERE t.touch_date <= o.first_order_date) AS touches, count(*) FILTER (WHERE t.touch_date <= o.first_order_date AND t.touch_type = 'sales') AS sales_touches,
    arg_min(t.funnel_stage, t.touch_date) IN ('awareness', 'interest') AS top_entry, coalesce(sum(t.cost) FILTER (WHERE t.touch_date <= o.first_order_date), 0) AS actual_cac
  FROM touches t JOIN o USING (customer_id) WHERE t.touch_date <= DATE '${AS_OF}' GROUP BY o.k),
e AS (SELECT o.k, count(*) FILTER (WHERE e.event_date < o.first_order_date AND e.event_type <> 'first_result') AS self_serve,
    date_diff('day', any_value(o.first_order_date), min(e.event_date) FILTER (WHERE e.event_type = 'first_result')) AS ttv,
    count(*) FILTER (WHERE e.event_date > ${WINDOW_START}) AS events_in_window
  FROM events e JOIN o USING (customer_id) WHERE e.event_date <= DATE '${AS_OF}' GROUP BY o.k),
tr AS (SELECT o.k, bool_or(tr.start_date <= o.first_order_date) AS trial FROM trials tr JOIN o USING (customer_id) WHERE tr.start_date <= DATE '${AS_OF}' GROUP BY o.k),
n AS (SELECT o.k, arg_max(score, response_date) AS nps FROM nps JOIN o USING (customer_id) WHERE response_date <= DATE '${AS_OF}' GROUP BY o.k),
s AS (SELECT o.k, 100.0 * (arg_max(seats, snapshot_date) - arg_min(seats, snapshot_date)) / nullif(arg_min(seats, snapshot_date), 0) AS seat_growth FROM seats JOIN o USING (customer_id) WHERE snapshot_date <= DATE '${AS_OF}' GROUP BY o.k),
d AS (SELECT o.k, count(DISTINCT department) AS departments FROM departments JOIN o USING (customer_id) GROUP BY o.k),
r AS (SELECT o.k, count(*) FILTER (WHERE rating >= 4) AS positive_reviews FROM reviews JOIN o USING (customer_id) WHERE review_date <= DATE '${AS_OF}' GROUP BY o.k),
rf AS (SELECT o.k, count(DISTINCT referred_id) FILTER (WHERE referred_id IN (SELECT customer_id FROM paid)) AS paying_referrals FROM referrals JOIN o ON referrer_id = o.customer_id GROUP BY o.k),
f AS (
  SELECT c.customer_id, c.industry, c.company_size, c.region, c.country, c.acquisition_channel, c.plan, c.employees, c.profile_completeness,
    c.max_revenue_potential, c.planned_cac, o.* EXCLUDE (customer_id, k), coalesce(t.touches, 0) AS touches, coalesce(t.actual_cac, 0) AS actual_cac,
    date_diff('day', c.first_touch_date, o.first_order_date) AS days_to_purchase,
    coalesce(t.sales_touches, 0) AS sales_touches, t.top_entry, coalesce(t.actual_cac, 0) / nullif(c.planned_cac, 0) AS cac_ratio,
    coalesce(e.self_serve, 0) AS self_serve, e.ttv, coalesce(e.events_in_window, 0) AS events_in_window, coalesce(tr.trial, false) AS trial, n.nps, s.seat_growth,
    coalesce(d.departments, 0) AS departments, coalesce(r.positive_reviews, 0) AS positive_reviews, coalesce(rf.paying_referrals, 0) AS paying_referrals
  FROM customers c JOIN o USING (customer_id) LEFT JOIN t USING (k) LEFT JOIN e USING (k) LEFT JOIN tr USING (k)
    LEFT JOIN n USING (k) LEFT JOIN s USING (k) LEFT JOIN d USING (k) LEFT JOIN r USING (k) LEFT JOIN rf USING (k)),
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

const FLAG_COLUMNS = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", ..."1234567".split("").flatMap((i) => [`k${i}a`, `k${i}b`])];
const HAND_COVERAGE = `SELECT count(*), ${FLAG_COLUMNS.map((c) => `count(*) FILTER (WHERE ${c})`).join(", ")} FROM hand_criteria`;
const HAND_SHARES = `
SELECT score >= 5 AS ideal, GROUPING(industry, company_size, region, acquisition_channel, plan) AS g, industry, company_size, region, acquisition_channel, plan, count(*) AS n
FROM hand_criteria GROUP BY GROUPING SETS ((ideal), (ideal, industry), (ideal, company_size), (ideal, region), (ideal, acquisition_channel), (ideal, plan))`;
const HAND_NUMERIC = `
SELECT score >= 5 AS ideal, ${["employees", "revenue", "order_count", "events_in_window", "ttv", "days_to_purchase", "seat_growth"]
  .map((c) => `count(${c}), quantile_cont(${c}, [0.25, 0.5, 0.75]), avg(${c})`).join(", ")}
FROM hand_criteria GROUP BY ALL`;

/** The hand-written pipeline; returns its ideal count (score >= 5). */
async function handWritten(dataset: Dataset): Promise<number> {
  await dataset.run(HAND_FEATURES);
  await dataset.connection.runAndReadAll(HAND_COVERAGE);
  const shares = (await dataset.connection.runAndReadAll(HAND_SHARES)).getRowObjectsJS();
  await dataset.connection.runAndReadAll(HAND_NUMERIC);
  const total = shares.find((row) => row.ideal === true && Number(row.g) === 31); // the (ideal) grouping set
  return Number(total?.n ?? 0);
}

interface Steps { evaluate: number; coverage: number; portrait: number }

/** The library pipeline as a notebook runs it; returns its ideal count and wall seconds per step. */
async function ours(dataset: Dataset): Promise<{ ideal: number; steps: Steps }> {
  const t0 = performance.now();
  const evaluation = await evaluateCriteria(dataset, { asOf: AS_OF });
  const t1 = performance.now();
  await evaluation.coverage();
  const t2 = performance.now();
  const result = await portrait(evaluation);
  const t3 = performance.now();
  return { ideal: result.idealCustomers, steps: { evaluate: (t1 - t0) / 1000, coverage: (t2 - t1) / 1000, portrait: (t3 - t2) / 1000 } };
}

interface Run { wall: number; cpu: number; peakMb: number }

async function measure<T>(work: () => Promise<T>): Promise<Run & { value: T }> {
  resetPeak();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpuStart);
  return { wall, cpu: (used.user + used.system) / 1e6, peakMb: peakMb(), value };
}

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

async function copyParquet(connection: Awaited<ReturnType<typeof openDatabase>>["connection"], dir: string): Promise<void> {
  for (const table of TABLE_NAMES) {
    const file = `${dir}/${table}.parquet`;
    if (existsSync(file)) await connection.run(`CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
  }
}

/**
 * The demo tables in DuckDB. `--storage memory` (default): loaded from Parquet into an in-memory
 * database (uncompressed, as loadDataset does by default). `--storage file`: a DuckDB file next to
 * the Parquet folder (loadDataset's `path` option; DuckDB compresses it), built once and reused.
 */
async function openData(dir: string): Promise<{ dataset: Dataset; loadS: number | "cached" }> {
  const start = performance.now();
  let cached = false;
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  if (storage === "file") {
    const path = `${dir}.duckdb`;
    cached = existsSync(path);
    if (!cached) {
      // Built under another name and renamed when complete, so an interrupted build is never reused.
      rmSync(`${path}.building`, { force: true });
      const building = await openDatabase({ path: `${path}.building`, memoryLimit });
      await copyParquet(building.connection, dir);
      building.connection.closeSync();
      building.instance.closeSync();
      renameSync(`${path}.building`, path);
    }
    opened = await openDatabase({ path, memoryLimit });
  } else {
    opened = await openDatabase({ memoryLimit });
    await copyParquet(opened.connection, dir);
  }
  const dataset = new Dataset(opened.instance, opened.connection, await readModelColumns(opened.connection));
  return { dataset, loadS: cached ? "cached" : (performance.now() - start) / 1000 };
}

const stat = (values: number[]): { min: number; median: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return { min: sorted[0], median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2 };
};
const fmt = (x: number, digits = 2): string => x.toFixed(digits);
const range = (s: { min: number; median: number }): string => `${fmt(s.min)} / ${fmt(s.median)}`;

const rows: string[][] = [];
const stepLines: string[] = [];
for (const customers of sizes) {
  const { dir, generatedS } = demoFiles(customers);
  resetPeak();
  const { dataset, loadS } = await openData(dir);
  const loadedMb = peakMb();
  const counts = (await dataset.query("SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM events) AS events")).objects()[0] as { orders: number; events: number };
  const runs = { hand: [] as Run[], ours: [] as Run[] };
  const steps: Steps[] = [];
  let check = { hand: -1, ours: -1 };
  const dropResults = async () => {
    await dataset.run("DROP TABLE IF EXISTS hand_criteria");
    await dataset.run("DROP TABLE IF EXISTS icp_criteria");
  };
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rep % 2 ? (["ours", "hand"] as const) : (["hand", "ours"] as const)) {
      await dropResults();
      if (side === "hand") {
        const run = await measure(() => handWritten(dataset));
        runs.hand.push(run);
        check.hand = run.value;
      } else {
        const run = await measure(() => ours(dataset));
        runs.ours.push(run);
        steps.push(run.value.steps);
        check.ours = run.value.ideal;
      }
    }
  }
  await dropResults();
  const hand = { wall: stat(runs.hand.map((r) => r.wall)), cpu: stat(runs.hand.map((r) => r.cpu)) };
  const mine = { wall: stat(runs.ours.map((r) => r.wall)), cpu: stat(runs.ours.map((r) => r.cpu)) };
  rows.push([
    customers.toLocaleString("en"), counts.orders.toLocaleString("en"), counts.events.toLocaleString("en"),
    Number.isNaN(generatedS) ? "cached" : fmt(generatedS, 1), typeof loadS === "number" ? fmt(loadS) : loadS,
    range(hand.wall), range(mine.wall), `${fmt(mine.wall.min / hand.wall.min)} / ${fmt(mine.wall.median / hand.wall.median)}`,
    range(hand.cpu), range(mine.cpu), `${fmt(mine.cpu.min / hand.cpu.min)} / ${fmt(mine.cpu.median / hand.cpu.median)}`,
    check.hand === check.ours ? `yes (${check.ours})` : `NO ${check.hand} vs ${check.ours}`,
    fmt(loadedMb, 0), fmt(Math.max(...runs.hand.map((r) => r.peakMb)), 0), fmt(Math.max(...runs.ours.map((r) => r.peakMb)), 0),
  ]);
  const stepStat = (key: keyof Steps) => range(stat(steps.map((s) => s[key])));
  stepLines.push(`${customers.toLocaleString("en")}: evaluate ${stepStat("evaluate")} s, coverage ${stepStat("coverage")} s, portrait ${stepStat("portrait")} s (wall, min / median)`);
  dataset.close();
}

const header = ["customers", "orders", "events", "generate s", "load s", "hand SQL wall s", "icp-lab wall s", "wall ratio", "hand SQL CPU s", "icp-lab CPU s", "CPU ratio", "same ideal count", "RSS after load MB", "peak RSS hand MB", "peak RSS icp-lab MB"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(" | ")} |`;
const [load1, load5] = readFileSync("/proc/loadavg", "utf8").split(" ");
console.log(`criteria evaluation + coverage + portrait vs hand-written DuckDB SQL (${reps} reps, min / median; ratios min/min and median/median; data ${storage === "file" ? "in a DuckDB file (compressed)" : "in memory (uncompressed)"}; DuckDB memory_limit ${memoryLimit ?? "library default"}; load average ${load1} (1 min), ${load5} (5 min))`);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const row of rows) console.log(line(row));
console.log(`icp-lab steps: ${stepLines.join("; ")}`);
