/**
 * Renderer benchmark: HTML and PDF time for a generated 50-cell notebook with 20 vega-lite charts,
 * against Debian's `jupyter nbconvert --to html` on the same notebook in the same run.
 * Targets (issue #7): HTML faster than nbconvert; PDF under 5 s.
 *
 *   node --import tsx bench/render.bench.ts [--charts 20 --cells 50 --repeat 5]
 *
 * Cold numbers are whole processes (`icp render` from dist/, like nbconvert's), measured in rounds
 * (nbconvert, then each of ours) with wall and CPU time; ratios are taken within a round. Warm
 * numbers are a later render in this process (modules loaded, template compiled, browser running).
 * The charts are made as icp-lab's display makes them (`vegaLitePayload`: the spec, vega's SVG of it,
 * and the mark in the output metadata that lets the renderer use that SVG); nbconvert shows the same
 * SVG. A row renders the same notebook without the marks (as another tool's notebook would come),
 * so every chart is drawn again with vega, to show what that costs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { vegaLitePayload } from "../src/display/index.js";
import { closeSharedPdfBrowser, renderNotebook } from "../src/render/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const cellCount = argument("cells", 50);
const chartCount = argument("charts", 20);
const repeat = argument("repeat", 5);

/** A deterministic notebook: markdown, text/table outputs and vega-lite charts (the bundle and metadata show() sends). */
async function makeNotebook(): Promise<object> {
  const cells: object[] = [];
  const channels = ["email_newsletter", "paid_search", "organic_search", "referral", "partner", "events", "outbound_sales"];
  for (let i = 0; i < cellCount; i++) {
    if (i < chartCount) {
      const values = Array.from({ length: 60 }, (_, day) => ({ day, channel: channels[day % 7], customers: ((day * 37 + i * 11) % 97) + 10 }));
      const spec = {
        $schema: "https://vega.github.io/schema/vega-lite/v5.json", width: 420, height: 200, title: `Chart ${i + 1}`, data: { values },
        mark: "line", encoding: { x: { field: "day", type: "quantitative" }, y: { field: "customers", type: "quantitative" }, color: { field: "channel", type: "nominal" } },
      };
      cells.push({ cell_type: "markdown", id: `m${i}`, metadata: {}, source: `## Section ${i + 1}\n\nCustomers per day by **channel**; the dip on day ${i} is expected.` });
      const { data, metadata } = await vegaLitePayload(spec as never);
      cells.push({
        cell_type: "code", id: `c${i}`, metadata: {}, execution_count: i + 1, source: `await show(lineChart(data, { x: "day", y: "customers" }));`,
        outputs: [{ output_type: "display_data", metadata, data }],
      });
    } else if (cells.length < cellCount) {
      const rows = channels.map((channel, k) => `<tr><td>${channel}</td><td>${(k * 13 + i) % 50}</td><td>${((k + i) % 9) / 10}</td></tr>`).join("");
      cells.push({
        cell_type: "code", id: `t${i}`, metadata: {}, execution_count: i + 1, source: `summary(${i})`,
        outputs: [
          { output_type: "stream", name: "stdout", text: `step ${i} done\n` },
          { output_type: "execute_result", execution_count: i + 1, metadata: {}, data: { "text/html": `<table><thead><tr><th>channel</th><th>customers</th><th>share</th></tr></thead><tbody>${rows}</tbody></table>`, "text/plain": "table" } },
        ],
      });
    }
    if (cells.length >= cellCount) break;
  }
  return { nbformat: 4, nbformat_minor: 5, metadata: { language_info: { name: "typescript" }, kernelspec: { name: "icp-lab", language: "typescript", display_name: "TypeScript" } }, cells: cells.slice(0, cellCount) };
}

/** Wall time, CPU time (user + system, children included) and peak RSS of a child process (GNU time). */
interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
}

function timeProcess(command: string, args: string[]): ProcessRun {
  const result = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", command, ...args], { encoding: "utf8", cwd: root });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const [wall, user, system, peakKb] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs: wall * 1000, cpuMs: (user + system) * 1000, peakMb: peakKb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** A process measured `repeat` times, each run right after the reference's run of the same round. */
interface Contender {
  name: string;
  run: () => ProcessRun;
  runs: ProcessRun[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "icp-render-bench-"));
  try {
    const notebookPath = join(dir, "bench.ipynb");
    const notebook = (await makeNotebook()) as { cells: Array<{ outputs?: Array<{ metadata?: Record<string, unknown> }> }> };
    writeFileSync(notebookPath, JSON.stringify(notebook));
    // The same notebook without the marks (another tool's notebook): every chart is drawn again with vega.
    const unmarkedPath = join(dir, "bench-unmarked.ipynb");
    for (const cell of notebook.cells) for (const output of cell.outputs ?? []) if (output.metadata) output.metadata = {};
    writeFileSync(unmarkedPath, JSON.stringify(notebook));
    if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("run `npm run build` first (the cold CLI runs use dist/)");

    const icp = (notebook: string, to: string, out: string) => () => timeProcess(process.execPath, [join(root, "bin", "icp.js"), "render", notebook, "--to", to, "-q", "-o", join(dir, out)]);
    // The renderer alone in a fresh process (without the CLI's own start-up).
    const rendererOnly = () => {
      const script = `const { renderNotebook } = await import(${JSON.stringify(join(root, "dist", "render", "index.js"))}); await renderNotebook(${JSON.stringify(notebookPath)}, { to: "html", out: ${JSON.stringify(join(dir, "solo.html"))} });`;
      return timeProcess(process.execPath, ["--input-type=module", "-e", script]);
    };
    const reference: Contender = {
      name: "jupyter nbconvert --to html (reference)",
      run: () => timeProcess("/usr/bin/jupyter", ["nbconvert", "--to", "html", "--log-level", "ERROR", "--output-dir", dir, "--output", "nbconvert", notebookPath]),
      runs: [],
    };
    const contenders: Contender[] = [
      { name: "icp render --to html (cold process)", run: icp(notebookPath, "html", "cli.html"), runs: [] },
      { name: "  same, charts without the mark (all 20 redrawn with vega)", run: icp(unmarkedPath, "html", "cli-unmarked.html"), runs: [] },
      { name: "  renderNotebook html, renderer only (cold process)", run: rendererOnly, runs: [] },
      { name: "icp render --to pdf (cold process, Chromium launch included)", run: icp(notebookPath, "pdf", "cli.pdf"), runs: [] },
    ];
    // Rounds: the reference, then each contender; ratios are taken within a round, so a machine
    // that gets busier or quieter during the benchmark moves both sides of each ratio.
    for (let round = 0; round < repeat; round++) {
      reference.runs.push(reference.run());
      for (const contender of contenders) contender.runs.push(contender.run());
    }

    // In-process: first render loads vega/shiki; later ones show the steady state.
    let pages = 0;
    const warmHtml: number[] = [];
    const warmPdf: number[] = [];
    for (let run = 0; run <= repeat; run++) {
      let started = performance.now();
      await renderNotebook(notebookPath, { to: "html", out: join(dir, "lib") });
      if (run > 0) warmHtml.push(performance.now() - started);
      started = performance.now();
      const result = await renderNotebook(notebookPath, { to: "pdf", out: join(dir, "lib") });
      if (run > 0) warmPdf.push(performance.now() - started);
      pages = result.pageCount ?? 0;
    }
    await closeSharedPdfBrowser();

    const ratios = (contender: Contender, field: keyof ProcessRun) => contender.runs.map((run, round) => run[field] / reference.runs[round][field]);
    process.stdout.write(`\nRender benchmark: ${cellCount} cells, ${chartCount} vega-lite charts, ${pages} PDF pages; ${repeat} rounds (reference, then each row)\n\n`);
    process.stdout.write(`| what | wall ms (median) | CPU ms (median) | wall vs nbconvert (min / median) | CPU vs nbconvert (median) | peak RSS MB |\n|---|---:|---:|---:|---:|---:|\n`);
    for (const contender of [reference, ...contenders]) {
      const isReference = contender === reference;
      const wallRatios = isReference ? [] : ratios(contender, "wallMs");
      process.stdout.write(
        `| ${contender.name} | ${fixed(median(contender.runs.map((run) => run.wallMs)), 0)} | ${fixed(median(contender.runs.map((run) => run.cpuMs)), 0)} | ` +
          `${isReference ? "1" : `${fixed(Math.min(...wallRatios))}x / ${fixed(median(wallRatios))}x`} | ${isReference ? "1" : `${fixed(median(ratios(contender, "cpuMs")))}x`} | ${fixed(Math.max(...contender.runs.map((run) => run.peakMb)), 0)} |\n`,
      );
    }
    const nbconvertWall = median(reference.runs.map((run) => run.wallMs));
    process.stdout.write(`| renderNotebook html (warm, in process) | ${fixed(median(warmHtml), 0)} | | ${fixed(median(warmHtml) / nbconvertWall)}x | | |\n`);
    process.stdout.write(`| renderNotebook html+pdf (warm, browser reused) | ${fixed(median(warmPdf), 0)} | | | | |\n`);
    const htmlRatio = median(ratios(contenders[0], "wallMs"));
    const pdfMs = median(contenders[3].runs.map((run) => run.wallMs));
    process.stdout.write(
      `\nTargets (issue 7): cold \`icp render --to html\` faster than nbconvert: ${htmlRatio < 1 ? "yes" : "NO"} (median wall ratio ${fixed(htmlRatio)}x); ` +
        `cold \`icp render --to pdf\` under 5 s: ${pdfMs < 5000 ? "yes" : "NO"} (${fixed(pdfMs / 1000)} s median)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
