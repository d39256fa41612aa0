/**
 * Runner benchmark: kernel start time and per-cell overhead of `runNotebook` (Node, ZeroMQ) against
 * `jupyter nbconvert --to notebook --execute` (Python, nbclient) on the same notebooks with the same
 * kernel, in the same run. Kernels: Debian's python3 ipykernel, and the icp-lab kernel when dist/ is
 * built (bin/icp-kernel.js loads it).
 *
 * Per cell = span from the first cell's start to the last cell's end / N, for N trivial cells (ours
 * from runNotebook's progress events, nbconvert's from the iopub.status.busy/idle timestamps nbclient
 * records in the output notebook); start-up + shutdown = total wall time - that span. Kernel start =
 * KernelClient.launch until kernel_info answered. Every figure is the median of REPEATS runs.
 *
 *   node --import tsx bench/runner.bench.ts            (N = 50 cells, 3 repeats)
 *   BENCH_CELLS=10 BENCH_REPEATS=1 node --import tsx bench/runner.bench.ts   (a quick check)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installKernelSpec, KernelClient } from "../src/jupyter/index.js";
import { runNotebook, type IpynbNotebook } from "../src/run/index.js";

const CELLS = Number(process.env.BENCH_CELLS ?? 50);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "icp-bench-runner-"));
const env: NodeJS.ProcessEnv = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1", JUPYTER_PATH: join(scratch, "share/jupyter") };

interface KernelCase {
  name: string;
  language: "python" | "typescript";
  cell: (i: number) => string;
}

const kernels: KernelCase[] = [{ name: "python3", language: "python", cell: (i) => `x${i} = ${i}\nprint(x${i} * 2)` }];
if (existsSync(join(root, "dist/kernel/index.js"))) {
  await installKernelSpec({ prefix: scratch, name: "icp-lab-bench" });
  kernels.push({ name: "icp-lab-bench", language: "typescript", cell: (i) => `const x${i} = ${i};\nconsole.log(x${i} * 2);` });
} else {
  process.stdout.write("(dist/ not built: icp-lab kernel skipped; run `npm run build`)\n");
}

function notebookFile(kernel: KernelCase, cells: number): string {
  const notebook: IpynbNotebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel.name, display_name: kernel.name, language: kernel.language } },
    cells: Array.from({ length: cells }, (_, i) => ({ id: `c${i}`, cell_type: "code" as const, source: kernel.cell(i), metadata: {}, outputs: [], execution_count: null })),
  };
  const path = join(scratch, `${kernel.name}-${cells}.ipynb`);
  writeFileSync(path, JSON.stringify(notebook));
  return path;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Wall time of a whole run, and the span from the first cell's start to the last cell's end. */
interface RunTiming {
  totalMs: number;
  cellsMs: number;
}

async function medianTiming(task: () => Promise<RunTiming> | RunTiming): Promise<RunTiming> {
  const samples: RunTiming[] = [];
  for (let r = 0; r < REPEATS; r++) samples.push(await task());
  return { totalMs: median(samples.map((s) => s.totalMs)), cellsMs: median(samples.map((s) => s.cellsMs)) };
}

async function ours(path: string): Promise<RunTiming> {
  const start = performance.now();
  let firstCellStart = 0;
  let lastCellEnd = 0;
  await runNotebook(path, {
    env,
    onProgress: (event) => {
      if (event.type === "cell-start" && event.position === 1) firstCellStart = performance.now();
      if (event.type === "cell-end") lastCellEnd = performance.now();
    },
  });
  return { totalMs: performance.now() - start, cellsMs: lastCellEnd - firstCellStart };
}

let nbconvertPeakKb = 0;
function theirs(path: string): RunTiming {
  const output = `${path}.nbconvert.ipynb`;
  const start = performance.now();
  // GNU time's %M: the child's peak resident set in KB (stderr's last line).
  const run = spawnSync("/usr/bin/time", ["-f", "%M", "/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--output", output, path], { env, encoding: "utf8" });
  const totalMs = performance.now() - start;
  if (run.status !== 0) throw new Error(`nbconvert failed on ${path}:\n${run.stderr}`);
  nbconvertPeakKb = Math.max(nbconvertPeakKb, Number(run.stderr.trim().split("\n").at(-1)));
  // nbclient records per-cell timing (record_timing): first cell busy to last cell idle.
  const cells = (JSON.parse(readFileSync(output, "utf8")) as IpynbNotebook).cells;
  const timing = (index: number, key: string) => Date.parse(String((cells[index].metadata.execution as Record<string, string>)[key]));
  return { totalMs, cellsMs: timing(cells.length - 1, "iopub.status.idle") - timing(0, "iopub.status.busy") };
}

const rows: string[][] = [];
const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
try {
  for (const kernel of kernels) {
    const path = notebookFile(kernel, CELLS);
    const starts: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const start = performance.now();
      const client = await KernelClient.launch({ kernelName: kernel.name, env });
      starts.push(performance.now() - start);
      await client.shutdown();
    }
    const mine = await medianTiming(() => ours(path));
    const reference = await medianTiming(() => theirs(path));
    const mineStart = mine.totalMs - mine.cellsMs;
    const referenceStart = reference.totalMs - reference.cellsMs;
    rows.push(
      [kernel.name, "kernel start (launch + kernel_info)", ms(median(starts)), "", ""],
      [kernel.name, "start-up + shutdown (total - cells)", ms(mineStart), ms(referenceStart), (mineStart / referenceStart).toFixed(2)],
      [kernel.name, `per cell (${CELLS} trivial cells)`, ms(mine.cellsMs / CELLS), ms(reference.cellsMs / CELLS), (mine.cellsMs / reference.cellsMs).toFixed(2)],
      [kernel.name, `${CELLS}-cell notebook, total`, ms(mine.totalMs), ms(reference.totalMs), (mine.totalMs / reference.totalMs).toFixed(2)],
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const table = [["kernel", "measure", "icp run (runNotebook)", "nbconvert --execute", "ratio"], ...rows];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
process.stdout.write(`\nrunner: ${CELLS} cells, median of ${REPEATS} (ratio < 1: icp run is faster)\n`);
for (const row of table) process.stdout.write(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |\n`);
const oursPeakMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`peak RSS: this process (runner, all runs) ${oursPeakMb.toFixed(0)} MB; nbconvert process ${(nbconvertPeakKb / 1024).toFixed(0)} MB (kernels not included)\n`);
