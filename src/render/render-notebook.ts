/**
 * The whole renderer in one call: readNotebook -> preprocess -> selectOutputs -> toReportModel ->
 * renderHtml -> printPdf, writing the files asked for. This is where effects live (reading the
 * notebook, the logo and the template, writing outputs); the stages themselves are pure.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { RenderError } from "../errors/index.js";
import { renderHtml } from "./html.js";
import { chartCount, toReportModel, type ReportMeta, type ReportModel } from "./model.js";
import { compileVegaLite, reusableChartSvg } from "../display/index.js";
import { highlightCode } from "./highlight.js";
import { folderImageLoader } from "./images.js";
import { notebookLanguage, parseNotebook, readNotebook, type NotebookDocument } from "./notebook.js";
import { selectOutputs } from "./outputs.js";
import { pdfPageCount, printPdf, sharedPdfBrowser, type PdfBrowser, type PdfOptions } from "./pdf.js";
import { preprocess, type Preprocessor, DEFAULT_PREPROCESSORS } from "./preprocess.js";
import { compileTemplate, resolveTemplate } from "./template.js";

/** Options for {@link renderNotebook}; every field is optional. */
export interface RenderNotebookOptions extends Partial<ReportMeta> {
  /** What to produce. Default "html". */
  to?: "html" | "pdf" | "both";
  /**
   * Output file: `report.html` / `report.pdf`, or a path without extension (both files get it).
   * Default: next to the notebook, same name. Without `out` and without a notebook path, nothing is written.
   */
  out?: string;
  /** Built-in layout name or path to an .mdx template. Default "default". */
  template?: string;
  /** Hide all code. Default: the template's frontmatter `noInput`, else false. */
  noInput?: boolean;
  /** Keep outputs' HTML/scripts unsanitised (only for notebooks you trust). Default false. */
  trust?: boolean;
  /** Interactive charts in HTML (inlined vega runtime). Default false. */
  interactive?: boolean;
  /** Show parameters cells. Default false. */
  showParameters?: boolean;
  /** Paper size. Default "A4". */
  format?: PdfOptions["format"];
  /** Browser to print with. Default: the shared one (close it with closeSharedPdfBrowser). */
  browser?: PdfBrowser;
  /** Preprocessors to run. Default DEFAULT_PREPROCESSORS. */
  preprocessors?: readonly Preprocessor[];
  /** Progress messages (the CLI prints them to stderr). Default: none. */
  onProgress?: (message: string) => void;
  /**
   * What was left out of the report and why (a missing or remote image, naming its cell). Default:
   * printed to stderr as "warning: ..."; they are also in the result's `warnings`.
   */
  onWarning?: (message: string) => void;
}

/** What {@link renderNotebook} produced. */
export interface RenderNotebookResult {
  model: ReportModel;
  html: string;
  pdf?: Uint8Array;
  pageCount?: number;
  htmlPath?: string;
  pdfPath?: string;
  /** Milliseconds per stage (read, model, html, pdf). */
  timingsMs: Record<string, number>;
  /** What was left out of the report and why (also passed to `onWarning`). */
  warnings: string[];
}

/** "1 chart", "20 charts". */
const countText = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** True when some chart must be drawn with vega: one without the kernel's marked SVG, or every chart when redrawing. */
function needsVega(notebook: NotebookDocument, redrawCharts: boolean): boolean {
  return notebook.cells.some((cell) =>
    cell.outputs.some((output) => {
      if (output.output_type === "stream" || output.output_type === "error") return false;
      const specMime = Object.keys(output.data).find((mime) => mime.includes("vega"));
      return specMime !== undefined && (redrawCharts || reusableChartSvg(output.data, output.metadata, specMime) === undefined);
    }),
  );
}

async function logoAsDataUri(logo: string | undefined, baseDir: string): Promise<string | undefined> {
  if (!logo || logo.startsWith("data:") || logo.trim().startsWith("<svg")) return logo;
  const path = resolve(baseDir, logo);
  const mime = { ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif" }[extname(path).toLowerCase()];
  if (!mime) throw new RenderError(`logo ${path}: use an .svg, .png, .jpg or .gif file`, { logo: path });
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new RenderError(`cannot read logo ${path}: ${(error as Error).message}`, { logo: path }, { cause: error });
  });
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

function outputPaths(to: "html" | "pdf" | "both", out: string | undefined, notebookPath: string | undefined): { htmlPath?: string; pdfPath?: string } {
  const base = out ? resolve(out) : notebookPath ? resolve(notebookPath) : undefined;
  if (!base) return {};
  const stem = [".html", ".pdf", ".ipynb"].includes(extname(base).toLowerCase()) ? base.slice(0, -extname(base).length) : base;
  const explicit = out && [".html", ".pdf"].includes(extname(base).toLowerCase()) && to !== "both" ? base : undefined;
  return {
    htmlPath: to === "pdf" ? undefined : (explicit ?? `${stem}.html`),
    pdfPath: to === "html" ? undefined : (explicit ?? `${stem}.pdf`),
  };
}

/**
 * Render a notebook (a path, a parsed notebook or its raw JSON) to HTML and/or PDF.
 *
 * @example
 * const { htmlPath, pdfPath, pageCount } = await renderNotebook("analysis.ipynb", { to: "both", out: "reports/q3", noInput: true, title: "Q3 review" });
 * await closeSharedPdfBrowser();
 */
export async function renderNotebook(notebookOrPath: string | NotebookDocument | object, options: RenderNotebookOptions = {}): Promise<RenderNotebookResult> {
  const to = options.to ?? "html";
  const progress = options.onProgress ?? (() => undefined);
  const timingsMs: Record<string, number> = {};
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timingsMs[stage] = Math.round(now - started);
    started = now;
  };

  // Chromium starts (another process) while this process reads the notebook and builds the HTML.
  const browser = to === "html" ? undefined : (options.browser ?? sharedPdfBrowser());
  browser?.warmUp();
  const notebook =
    typeof notebookOrPath === "string" ? await readNotebook(notebookOrPath) : "cells" in notebookOrPath && "path" in notebookOrPath ? (notebookOrPath as NotebookDocument) : parseNotebook(notebookOrPath);
  const templateFile = resolveTemplate(options.template ?? "default");
  // Warm up the highlighter and vega while esbuild (a separate process) compiles the template.
  const warmUp = Promise.all([highlightCode("", notebookLanguage(notebook)), needsVega(notebook, options.interactive === true) ? compileVegaLite({ data: { values: [] }, mark: "point" }) : undefined]);
  const template = await compileTemplate(templateFile);
  await warmUp;
  lap("read");

  const baseDir = notebook.path ? dirname(resolve(notebook.path)) : process.cwd();
  const front = template.frontmatter;
  const prepared = preprocess(notebook, { noInput: options.noInput ?? front.noInput === true, showParameters: options.showParameters }, options.preprocessors ?? DEFAULT_PREPROCESSORS);
  const model = await toReportModel(selectOutputs(prepared), notebook, {
    trust: options.trust,
    title: options.title,
    subtitle: options.subtitle,
    author: options.author,
    period: options.period,
    date: options.date,
    defaults: front,
    logo: await logoAsDataUri(options.logo, process.cwd()),
    // Images markdown refers to by path sit next to the notebook; a trusted notebook may reach outside its folder.
    loadImage: folderImageLoader(baseDir, { allowOutside: options.trust === true }),
    // Interactive charts are mounted from their compiled specs: draw them all.
    redrawCharts: options.interactive === true,
  });
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  for (const warning of model.warnings) warn(warning);
  if (!options.logo && model.meta.logo) model.meta.logo = await logoAsDataUri(model.meta.logo, baseDir);
  lap("model");
  progress(`rendered ${countText(model.cells.length, "cell")} (${countText(chartCount(model), "chart")})`);

  const html = renderHtml(model, template, { interactive: options.interactive });
  lap("html");
  const { htmlPath, pdfPath } = outputPaths(to, options.out, notebook.path);
  if (htmlPath) {
    await mkdir(dirname(htmlPath), { recursive: true });
    await writeFile(htmlPath, html);
    progress(`wrote ${htmlPath}`);
  }

  const result: RenderNotebookResult = { model, html, htmlPath, pdfPath, timingsMs, warnings: model.warnings };
  if (to !== "html") {
    // The PDF is printed from the static document (vector charts): never the interactive one.
    const printable = options.interactive ? renderHtml(model, template) : html;
    result.pdf = await printPdf(printable, { browser, format: options.format, title: model.meta.title, author: model.meta.author, subject: model.meta.subtitle });
    result.pageCount = await pdfPageCount(result.pdf);
    lap("pdf");
    progress(`printed ${result.pageCount} pages`);
    if (pdfPath) {
      await mkdir(dirname(pdfPath), { recursive: true });
      await writeFile(pdfPath, result.pdf);
      progress(`wrote ${pdfPath}`);
    }
  }
  return result;
}
