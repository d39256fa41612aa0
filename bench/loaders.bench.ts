/**
 * Loader benchmark: loadDataset (typed reads + rejects + every validation check) on the demo data
 * at 100k and 1M customers, CSV and Parquet, against two references measured in the same run:
 *   - bare DuckDB: CREATE TABLE AS read_csv (same explicit types) / read_parquet, no validation;
 *   - arquero's loadCSV of the same CSV files (what a TypeScript user would otherwise reach for).
 * Also times `icp data generate` for each scale. Each measurement runs in its own Node process so
 * peak RSS is per method. Files go under $ICP_BENCH_DIR (default /tmp/icp-bench), never the repo.
 *
 * Usage: node --import tsx bench/loaders.bench.ts [scales...]   (default: 100000 1000000)
 *        npm run bench -- loaders
 * Goal: our overhead (loadDataset / bare DuckDB) <= 1.3x.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = process.env.ICP_BENCH_DIR ?? "/tmp/icp-bench";
/** arquero is skipped when the CSV files exceed this size (TOOLCHAIN.md: 1M customers took 22 s, 5.4 GB). */
const ARQUERO_MAX_CSV_BYTES = Number(process.env.ICP_BENCH_ARQUERO_MAX_BYTES ?? 700e6);
const CHILD_TIMEOUT_MS = 180_000;
/** Runs per method (alternating with the reference); the fastest counts, the machine is shared. */
const REPEAT = Math.max(1, Number(process.env.ICP_BENCH_REPEAT ?? 2));

interface Measurement {
  seconds: number;
  rows: number;
  peakRssMb: number;
}

/** Child mode: run one method and print a JSON measurement. */
async function child(method: string, dir: string, format: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  const { TABLE_NAMES, SCHEMA, loadDataset, openDatabase, sqlString } = await import(join(root, "dist", "index.js"));
  const files = (TABLE_NAMES as string[]).map((t) => ({ table: t, file: join(dir, `${t}.${format}`) })).filter((f) => existsSync(f.file));
  const t0 = performance.now();
  if (method === "ours") {
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
  void started;
  const measurement: Measurement = { seconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

function runChild(method: string, dir: string, format: string): Measurement | string {
  const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", method, dir, format], {
    encoding: "utf8", timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 24,
  });
  if (result.status !== 0) return `failed (${result.signal ?? `exit ${result.status}`}): ${result.stderr.slice(-300)}`;
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Measurement;
}

/** Best of REPEAT runs of each method, alternating so load spikes hit both alike. */
function bestOf(methods: string[], dir: string, format: string): (Measurement | string)[] {
  const best: (Measurement | string)[] = methods.map(() => "not run");
  for (let r = 0; r < REPEAT; r++) {
    methods.forEach((method, i) => {
      const m = runChild(method, dir, format);
      const current = best[i];
      if (typeof m === "string") best[i] = typeof current === "string" ? m : current;
      else if (typeof current === "string" || m.seconds < current.seconds) best[i] = { ...m, peakRssMb: Math.max(m.peakRssMb, typeof current === "string" ? 0 : current.peakRssMb) };
    });
  }
  return best;
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
  const lines: string[] = [];
  lines.push("| customers | format | method | seconds | rows | rows/s | vs bare DuckDB | peak RSS MB |", "|--:|:--|:--|--:|--:|--:|--:|--:|");
  const generateLines: string[] = [];
  for (const customers of wanted) {
    const dir = join(benchDir, String(customers));
    const gen = spawnSync(process.execPath, [join(root, "bin", "icp.js"), "data", "generate", "--customers", String(customers), "--seed", "1", "--out", dir, "--format", "csv,parquet"], { encoding: "utf8" });
    if (gen.status !== 0) throw new Error(`icp data generate failed: ${gen.stderr}`);
    const seconds = /in ([0-9.]+) s/.exec(gen.stdout)?.[1];
    generateLines.push(`| ${customers.toLocaleString("en-US")} | ${seconds} s (CSV + Parquet) | CSV ${fmt(folderBytes(dir, ".csv") / 1e6, 0)} MB, Parquet ${fmt(folderBytes(dir, ".parquet") / 1e6, 0)} MB |`);
    for (const format of ["csv", "parquet"]) {
      const [reference, ours] = bestOf(["duckdb", "ours"], dir, format);
      const methods: [string, Measurement | string][] = [["bare DuckDB", reference], ["loadDataset", ours]];
      if (format === "csv") {
        const csvBytes = folderBytes(dir, ".csv");
        methods.push(["arquero loadCSV", csvBytes > ARQUERO_MAX_CSV_BYTES ? `skipped: ${fmt(csvBytes / 1e6, 0)} MB of CSV would exceed ~60 s / 10 GB (TOOLCHAIN.md: 22 s and 5.4 GB at 1M)` : bestOf(["arquero"], dir, format)[0]]);
      }
      for (const [name, m] of methods) {
        if (typeof m === "string") {
          lines.push(`| ${customers.toLocaleString("en-US")} | ${format} | ${name} | ${m} | | | | |`);
          continue;
        }
        const ratio = typeof reference === "string" ? "-" : `${fmt(m.seconds / reference.seconds)}x`;
        lines.push(`| ${customers.toLocaleString("en-US")} | ${format} | ${name} | ${fmt(m.seconds)} | ${m.rows.toLocaleString("en-US")} | ${Math.round(m.rows / m.seconds).toLocaleString("en-US")} | ${ratio} | ${fmt(m.peakRssMb, 0)} |`);
      }
    }
  }
  process.stdout.write(`\nLoaders (each in its own process, best of ${REPEAT}; ratio = seconds / bare DuckDB seconds, goal <= 1.3x for loadDataset)\n\n${lines.join("\n")}\n`);
  process.stdout.write(`\n| customers | icp data generate | files |\n|--:|:--|:--|\n${generateLines.join("\n")}\n`);
  process.stdout.write(`\nPeak RSS of this driver process: ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB. Files in ${benchDir} (delete when done).\n`);
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
