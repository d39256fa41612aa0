/**
 * Loader benchmark: loadDataset (typed reads + rejects + every validation check) on the demo data
 * at 100k and 1M customers, CSV and Parquet, against two references measured in the same run:
 *   - bare DuckDB: CREATE TABLE AS read_csv (same explicit types) / read_parquet, no validation;
 *   - arquero's loadCSV of the same CSV files (what a TypeScript user would otherwise reach for).
 * Also times `icp data generate` (CSV + Parquet) for each scale. Each measurement runs in its own
 * Node process so peak RSS is per method; wall and CPU seconds (all threads of that process) are
 * both reported, because on a shared machine CPU time is the steadier of the two. Files go under
 * $ICP_BENCH_DIR (default /tmp/icp-bench), never the repo.
 *
 * Usage: node --import tsx bench/loaders.bench.ts [scales...]   (default: 100000 1000000)
 *        npm run bench -- loaders
 *        ICP_BENCH_REPEAT=5 (runs per method, default 2), ICP_BENCH_FORMATS=parquet (default csv,parquet)
 * Goal: our overhead (loadDataset / bare DuckDB) <= 1.3x.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = process.env.ICP_BENCH_DIR ?? "/tmp/icp-bench";
/** arquero is skipped when the CSV files exceed this size (TOOLCHAIN.md: 1M customers took 22 s, 5.4 GB). */
const ARQUERO_MAX_CSV_BYTES = Number(process.env.ICP_BENCH_ARQUERO_MAX_BYTES ?? 700e6);
const CHILD_TIMEOUT_MS = 600_000;
/** Runs per method (alternating with the reference); the fastest counts, the machine is shared. */
const REPEAT = Math.max(1, Number(process.env.ICP_BENCH_REPEAT ?? 2));

interface Measurement {
  seconds: number;
  /** User + system CPU seconds of the measuring process over the measured span. */
  cpuSeconds: number;
  rows: number;
  peakRssMb: number;
}

/** Child mode: run one method and print a JSON measurement. */
async function child(method: string, dir: string, format: string): Promise<void> {
  let rows = 0;
  const { TABLE_NAMES, SCHEMA, loadDataset, openDatabase, sqlString } = await import(join(root, "dist", "index.js"));
  const files = (TABLE_NAMES as string[]).map((t) => ({ table: t, file: join(dir, `${t}.${format}`) })).filter((f) => existsSync(f.file));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  if (method === "generate") {
    // `icp data generate` in this process (format = the customer count); rows = rows written.
    const { main } = await import(join(root, "dist", "cli", "main.js"));
    const write = process.stdout.write.bind(process.stdout);
    let printed = "";
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
    const code = await main(["node", "icp", "data", "generate", "--customers", format, "--seed", "1", "--out", dir, "--format", "csv,parquet"]);
    process.stdout.write = write;
    if (code !== 0) throw new Error(`icp data generate exited ${code}`);
    rows = [...printed.matchAll(/^\s+\w+\s+([\d,]+)$/gm)].reduce((n, m) => n + Number(m[1].replaceAll(",", "")), 0);
  } else if (method === "ours") {
    const ds = await loadDataset(files.map((f) => f.file), { asOf: "2026-09-30" });
    rows = ds.report.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0);
    ds.close();
  } else if (method === "duckdb") {
    const { instance, connection } = await openDatabase({});
    for (const { table, file } of files) {
      const columns = Object.entries(SCHEMA[table].columns as Record<string, { type: string }>).map(([c, d]) => `'${c}': '${d.type}'`).join(", ");
      const read = format === "csv" ? `read_csv(${sqlString(file)}, header = true, columns = {${columns}})` : `read_parquet(${sqlString(file)})`;
      await connection.run(`CREATE TABLE "${table}" AS SELECT * FROM ${read}`);
      const count = await connection.runAndReadAll(`SELECT CAST(count(*) AS DOUBLE) FROM "${table}"`);
      rows += Number(count.getRowsJS()[0][0]);
    }
    connection.closeSync();
    instance.closeSync();
  } else if (method === "arquero") {
    const aq = await import("arquero");
    for (const { file } of files) rows += (await aq.loadCSV(file)).numRows();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const measurement: Measurement = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

function runChild(method: string, dir: string, format: string): Measurement | string {
  const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", method, dir, format], {
    encoding: "utf8", timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 24,
  });
  if (result.status !== 0) return `failed (${result.signal ?? `exit ${result.status}`}): ${result.stderr.slice(-300)}`;
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Measurement;
}

/** Every run of each method (REPEAT each), alternating so load spikes hit all alike. */
function runsOf(methods: string[], dir: string, format: string): (Measurement[] | string)[] {
  const runs: Measurement[][] = methods.map(() => []);
  const failures: string[] = methods.map(() => "not run");
  for (let r = 0; r < REPEAT; r++) {
    methods.forEach((method, i) => {
      const m = runChild(method, dir, format);
      if (typeof m === "string") failures[i] = m;
      else runs[i].push(m);
    });
  }
  return runs.map((r, i) => (r.length ? r : failures[i]));
}

/** min and median of the runs' wall and CPU seconds, the largest peak RSS and the rows. */
interface Summary {
  seconds: { min: number; median: number };
  cpuSeconds: { min: number; median: number };
  rows: number;
  peakRssMb: number;
}

function summarise(runs: Measurement[]): Summary {
  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return { min: sorted[0], median: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2 };
  };
  return { seconds: stat(runs.map((r) => r.seconds)), cpuSeconds: stat(runs.map((r) => r.cpuSeconds)), rows: runs[0].rows, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)) };
}

function folderBytes(dir: string, ext: string): number {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function fmt(n: number, digits = 2): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const wanted = scales.length ? scales : [100_000, 1_000_000];
  const formats = (process.env.ICP_BENCH_FORMATS ?? "csv,parquet").split(",");
  const lines: string[] = [];
  lines.push(
    "| customers | format | method | wall s min / median | CPU s min / median | rows/s (min wall) | vs bare DuckDB: wall (min/min), CPU (min/min) | peak RSS MB |",
    "|--:|:--|:--|--:|--:|--:|--:|--:|",
  );
  const generateLines: string[] = [];
  const range = (s: { min: number; median: number }) => `${fmt(s.min)} / ${fmt(s.median)}`;
  for (const customers of wanted) {
    const dir = join(benchDir, String(customers));
    // Generation first (it writes the files the loaders read), REPEAT times like the loaders.
    const [generated] = runsOf(["generate"], dir, String(customers));
    if (typeof generated === "string") throw new Error(`icp data generate failed: ${generated}`);
    const gen = summarise(generated);
    generateLines.push(`| ${customers.toLocaleString("en-US")} | ${range(gen.seconds)} | ${range(gen.cpuSeconds)} | ${gen.rows.toLocaleString("en-US")} | CSV ${fmt(folderBytes(dir, ".csv") / 1e6, 0)} MB, Parquet ${fmt(folderBytes(dir, ".parquet") / 1e6, 0)} MB | ${fmt(gen.peakRssMb, 0)} |`);
    for (const format of formats) {
      const [referenceRuns, oursRuns] = runsOf(["duckdb", "ours"], dir, format);
      const reference = typeof referenceRuns === "string" ? referenceRuns : summarise(referenceRuns);
      const methods: [string, Summary | string][] = [["bare DuckDB", reference], ["loadDataset", typeof oursRuns === "string" ? oursRuns : summarise(oursRuns)]];
      if (format === "csv") {
        const csvBytes = folderBytes(dir, ".csv");
        const arquero = csvBytes > ARQUERO_MAX_CSV_BYTES ? `skipped: ${fmt(csvBytes / 1e6, 0)} MB of CSV would exceed ~60 s / 10 GB (TOOLCHAIN.md: 22 s and 5.4 GB at 1M)` : runsOf(["arquero"], dir, format)[0];
        methods.push(["arquero loadCSV", typeof arquero === "string" ? arquero : summarise(arquero)]);
      }
      for (const [name, m] of methods) {
        if (typeof m === "string") {
          lines.push(`| ${customers.toLocaleString("en-US")} | ${format} | ${name} | ${m} | | | | |`);
          continue;
        }
        const ratio = typeof reference === "string" ? "-" : `${fmt(m.seconds.min / reference.seconds.min)}x, ${fmt(m.cpuSeconds.min / reference.cpuSeconds.min)}x`;
        lines.push(`| ${customers.toLocaleString("en-US")} | ${format} | ${name} | ${range(m.seconds)} | ${range(m.cpuSeconds)} | ${Math.round(m.rows / m.seconds.min).toLocaleString("en-US")} | ${ratio} | ${fmt(m.peakRssMb, 0)} |`);
      }
    }
  }
  process.stdout.write(`\nLoaders (each run in its own process, ${REPEAT} runs per method alternating with the reference; goal <= 1.3x for loadDataset)\n\n${lines.join("\n")}\n`);
  process.stdout.write(`\n| customers | icp data generate (CSV + Parquet), wall s min / median | CPU s min / median | rows written | files | peak RSS MB |\n|--:|--:|--:|--:|:--|--:|\n${generateLines.join("\n")}\n`);
  process.stdout.write(`\nLoad average at the end: ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${availableParallelism()} cores. Files in ${benchDir} (delete when done).\n`);
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
