/**
 * One templated report, end to end: check the parameters against the template, run its notebook
 * through the icp-lab kernel (parameters injected), keep the executed notebook, extract the results
 * the notebook published, render report.html and report.pdf through the template's MDX layout, and
 * write manifest.json so the report can be reproduced. Effects (files, clock) live here, not in the
 * analytics.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ReportError } from "../errors/index.js";
import { closeSharedPdfBrowser, readNotebook, notebookData, renderNotebook, type PdfBrowser } from "../render/index.js";
import { runNotebook, type RunProgressEvent } from "../run/index.js";
import { readPackageVersion } from "../cli/version.js";
import { describeDataFolder, sha256File, type ReportManifest } from "./manifest.js";
import { privateKernel } from "./kernel-env.js";
import { formatQuarter, parseQuarter, previousQuarter } from "./quarter.js";
import type { ReportResults } from "./results.js";
import { loadTemplate, resolveParameters } from "./template.js";
import type { ParameterValue } from "./template-spec.js";

/** The name of the cell output (metadata.name) holding the notebook's published results. */
export const RESULTS_NAME = "results";

export interface RunReportOptions {
  /** Output folder; default reports/<quarter> (or reports/<template name>). */
  out?: string;
  /** Folder of the previous quarter's run (with results.json); default: the sibling folder named after the previous quarter, when it exists. */
  previous?: string;
  /** Formats to render. Default both. */
  formats?: Array<"html" | "pdf">;
  /** Per-cell time limit in ms. Default 10 minutes. */
  cellTimeoutMs?: number;
  /** Base directory for relative paths (template, data, out). Default process.cwd(). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** PDF browser to share across reports (batch runs). Default: the renderer's shared one. */
  browser?: PdfBrowser;
  onRunProgress?: (event: RunProgressEvent) => void;
  /** Stage messages ("rendering PDF", ...). */
  onMessage?: (message: string) => void;
  signal?: AbortSignal;
}

export interface RunReportResult {
  outDir: string;
  manifest: ReportManifest;
  results?: ReportResults;
  parameters: Record<string, ParameterValue>;
}

/** The folder of the previous quarter's run next to `outDir`, if it has results.json. */
function defaultPreviousDir(outDir: string, quarter: ParameterValue | undefined): string | undefined {
  if (typeof quarter !== "string") return undefined;
  const candidate = join(dirname(outDir), formatQuarter(previousQuarter(parseQuarter(quarter))));
  return existsSync(join(candidate, "results.json")) ? candidate : undefined;
}

/**
 * Run a report template once.
 *
 * @example
 * await runReport("quarterly-icp", { quarter: "2026Q3", dataDir: "data/2026Q3" }, { out: "reports/2026Q3" });
 * // reports/2026Q3/{quarterly-icp.ipynb, results.json, report.html, report.pdf, manifest.json}
 */
export async function runReport(templateName: string, given: Record<string, ParameterValue>, options: RunReportOptions = {}): Promise<RunReportResult> {
  const cwd = options.cwd ?? process.cwd();
  const say = options.onMessage ?? (() => {});
  const startedAt = new Date();
  const template = loadTemplate(templateName, cwd);
  const { spec } = template;
  const parameters = resolveParameters(spec, given);
  // Paths are given relative to where the user stands; the kernel runs in the template folder.
  for (const name of spec.dataParameters) {
    const value = parameters[name];
    if (typeof value !== "string" || value === "") continue;
    parameters[name] = isAbsolute(value) ? value : resolve(cwd, value);
    if (!existsSync(parameters[name] as string)) throw new ReportError(`data folder ${parameters[name]} (parameter ${name}) does not exist`, { parameter: name });
  }
  const outDir = resolve(cwd, options.out ?? join("reports", String(parameters.quarter ?? spec.name)));
  await mkdir(outDir, { recursive: true });

  const previousDir = options.previous ? resolve(cwd, options.previous) : defaultPreviousDir(outDir, parameters.quarter);
  if ("previousResults" in spec.parameters && !("previousResults" in given) && previousDir) {
    const previousResults = join(previousDir, "results.json");
    if (!existsSync(previousResults)) throw new ReportError(`previous run ${previousDir} has no results.json`, { previous: previousDir });
    parameters.previousResults = previousResults;
    say(`comparing with the previous run in ${previousDir}`);
  }

  const timings: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round(performance.now() - t0) / 1000;
    }
  };

  const notebookPath = join(outDir, `${spec.name}.ipynb`);
  const kernel = await privateKernel(options.env ?? process.env);
  try {
    say(`running ${template.notebookPath}`);
    await time("execute", () =>
      runNotebook(template.notebookPath, {
        parameters,
        kernelName: kernel.kernelName,
        env: kernel.env,
        cwd: template.dir,
        outputPath: notebookPath,
        cellTimeoutMs: options.cellTimeoutMs ?? 600_000,
        onProgress: options.onRunProgress,
        signal: options.signal,
      }),
    );
  } finally {
    await kernel.dispose();
  }

  const executed = await readNotebook(notebookPath);
  const results = notebookData(executed)[RESULTS_NAME] as ReportResults | undefined;
  if (results) await writeFile(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);

  const formats = options.formats ?? ["html", "pdf"];
  const to = formats.includes("html") && formats.includes("pdf") ? "both" : formats.includes("pdf") ? "pdf" : "html";
  // Without a browser from the caller the renderer launches its shared one: close it here, or the
  // Chromium process keeps `icp report` alive after the report is written.
  const rendered = await time("render", () =>
    renderNotebook(notebookPath, {
      to,
      out: join(outDir, "report"),
      template: template.layoutPath,
      noInput: spec.noInput,
      title: spec.title,
      subtitle: typeof parameters.companyName === "string" ? parameters.companyName : undefined,
      period: typeof parameters.quarter === "string" ? parameters.quarter : undefined,
      author: typeof parameters.author === "string" ? parameters.author : undefined,
      date: typeof parameters.analysisDate === "string" ? parameters.analysisDate : undefined,
      browser: options.browser,
      onProgress: say,
    }).finally(() => (options.browser ? undefined : closeSharedPdfBrowser())),
  );

  const data: ReportManifest["data"] = {};
  for (const name of spec.dataParameters) {
    const value = parameters[name];
    if (typeof value === "string" && value) data[name] = await describeDataFolder(value);
  }
  const finishedAt = new Date();
  timings.total = Math.round(finishedAt.getTime() - startedAt.getTime()) / 1000;
  const outputs: Record<string, string> = { notebook: notebookPath };
  if (rendered.htmlPath) outputs.html = rendered.htmlPath;
  if (rendered.pdfPath) outputs.pdf = rendered.pdfPath;
  if (results) outputs.results = join(outDir, "results.json");
  const manifest: ReportManifest = {
    icpLabVersion: readPackageVersion(),
    template: { name: spec.name, dir: template.dir, specSha256: await sha256File(template.specFile) },
    parameters,
    data,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    timingsSeconds: timings,
    outputs,
    results,
  };
  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, manifest, results, parameters };
}

/** Read a results.json written by an earlier run (for notebooks comparing quarters). */
export async function readResults(path: string): Promise<ReportResults> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as ReportResults;
  } catch (error) {
    throw new ReportError(`cannot read previous results ${path}: ${(error as Error).message}`, { path });
  }
}
