/**
 * Stage 4: the report model — everything a template needs, already rendered to HTML fragments:
 * report metadata (cover page), cells with their input/outputs/markdown, numbered figures,
 * headings, and the data a notebook produced for templates.
 *
 * Where templates read notebook data (`props.data` in MDX):
 *  - `notebook.metadata.icp.data` (an object) is copied in as is;
 *  - every code cell's last `application/json` output is `data[cellId]`, and also `data[name]` when
 *    the cell has `metadata.name` (nbformat's cell id or a friendly name). Cells removed from the
 *    report (e.g. tagged `remove-cell`) still provide data, so a hidden cell can compute KPIs.
 */
import { basename } from "node:path";
import { highlightCode } from "./highlight.js";
import type { ImageLoader } from "./images.js";
import { renderMarkdown, type HeadingEntry } from "./markdown.js";
import { notebookLanguage, type NotebookDocument } from "./notebook.js";
import { renderOutput, type RenderedOutput } from "./output-html.js";
import type { SelectedNotebook } from "./outputs.js";
import type { InputView } from "./preprocess.js";

/** Cover-page fields. */
export interface ReportMeta {
  title: string;
  subtitle?: string;
  author?: string;
  /** The period the report covers, e.g. "2026 Q3". */
  period?: string;
  /** The report's date as text (never read from the clock: pass it in). */
  date?: string;
  /** A logo as a data URI or inline SVG markup. */
  logo?: string;
}

/** A cell as the report shows it. */
export interface ReportCell {
  index: number;
  id: string;
  name?: string;
  cellType: "markdown" | "code";
  tags: string[];
  /** Highlighted code, or undefined when the input is removed. */
  inputHtml?: string;
  inputView: InputView;
  markdownHtml?: string;
  outputs: RenderedOutput[];
  outputsCollapsed: boolean;
  caption?: string;
  /** 1-based figure number, for cells with a caption and a figure output. */
  figureNumber?: number;
  pageBreakBefore: boolean;
  headings: HeadingEntry[];
}

/** What a template renders. */
export interface ReportModel {
  meta: ReportMeta;
  language: string;
  cells: ReportCell[];
  /** Headings of markdown cells, in order (templates' own headings are added when the HTML is built). */
  headings: HeadingEntry[];
  data: Record<string, unknown>;
  hasMath: boolean;
  /**
   * Compiled vega specs of the charts drawn with vega (all of them with `redrawCharts`; charts shown
   * from the kernel's marked SVG have none); such a chart's HTML carries `data-chart="<index>"`.
   */
  charts: unknown[];
  /** What was left out of the report and why, each naming its cell ("cell 4 of 12 (id intro): image ..."). */
  warnings: string[];
}

/** Options for {@link toReportModel}; each meta field overrides the notebook's metadata. */
export interface ReportModelOptions extends Partial<ReportMeta> {
  /** Keep outputs' HTML/SVG/scripts unsanitised. Default false. */
  trust?: boolean;
  /** Fallbacks used when neither the options nor the notebook set a field (a template's frontmatter). */
  defaults?: Partial<Record<keyof ReportMeta, unknown>>;
  /** Embeds images markdown refers to by path (see images.ts). Default: such images are left out, with a warning. */
  loadImage?: ImageLoader;
  /** Draw every chart with vega, also those whose bundle has icp-lab's marked SVG (interactive mode). Default false. */
  redrawCharts?: boolean;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value : undefined);

/**
 * Report metadata, first found wins: options, then `metadata.icp.report`, then nbformat's
 * `metadata.title`/`metadata.authors`, then `options.defaults` (a template's frontmatter), then
 * (title only) the first H1 and the file name.
 */
function reportMeta(notebook: NotebookDocument, options: ReportModelOptions, firstHeading: string | undefined): ReportMeta {
  const icp = (notebook.metadata.icp ?? {}) as { report?: Record<string, unknown> };
  const fromNotebook = icp.report ?? {};
  const defaults = options.defaults ?? {};
  const authors = Array.isArray(notebook.metadata.authors) ? (notebook.metadata.authors as Array<{ name?: unknown }>).map((a) => str(a?.name)).filter(Boolean) : [];
  const fileTitle = notebook.path ? basename(notebook.path).replace(/\.ipynb$/i, "") : undefined;
  const pick = (field: keyof ReportMeta) => options[field] ?? str(fromNotebook[field]) ?? str(defaults[field]);
  return {
    title: options.title ?? str(fromNotebook.title) ?? str(notebook.metadata.title) ?? str(defaults.title) ?? firstHeading ?? fileTitle ?? "Report",
    subtitle: pick("subtitle"),
    author: options.author ?? str(fromNotebook.author) ?? (authors.length ? authors.join(", ") : undefined) ?? str(defaults.author),
    period: pick("period"),
    date: pick("date"),
    logo: pick("logo"),
  };
}

/**
 * Data a notebook produced for templates (see the module comment), read from the original,
 * un-preprocessed notebook.
 *
 * @example
 * notebookData(notebook).kpis; // the JSON output of the cell with id or metadata.name "kpis"
 */
export function notebookData(notebook: NotebookDocument): Record<string, unknown> {
  const icp = (notebook.metadata.icp ?? {}) as { data?: unknown };
  const data: Record<string, unknown> = typeof icp.data === "object" && icp.data !== null ? { ...(icp.data as object) } : {};
  for (const cell of notebook.cells) {
    let json: unknown;
    for (const output of cell.outputs) {
      if ((output.output_type === "display_data" || output.output_type === "execute_result") && "application/json" in output.data) json = output.data["application/json"];
    }
    if (json === undefined) continue;
    data[cell.id] = json;
    const name = str(cell.metadata.name);
    if (name) data[name] = json;
  }
  return data;
}

/**
 * Number of charts (vega-lite / vega outputs shown as figures) in a report.
 * @example
 * chartCount(model) // 20
 */
export function chartCount(model: Pick<ReportModel, "cells">): number {
  return model.cells.reduce((count, cell) => count + cell.outputs.filter((output) => (output.kind === "vega-lite" || output.kind === "vega") && output.isFigure).length, 0);
}

/**
 * Stage 4: render every cell's pieces to HTML and collect headings, figures and data.
 *
 * @param selected the notebook after preprocess + selectOutputs
 * @param original the notebook as read (for template data from removed cells)
 * @example
 * const model = await toReportModel(selectOutputs(preprocess(notebook)), notebook, { title: "Q3" });
 * model.meta.title; // "Q3"
 */
export async function toReportModel(selected: SelectedNotebook, original: NotebookDocument, options: ReportModelOptions = {}): Promise<ReportModel> {
  const language = notebookLanguage(original);
  const trust = options.trust ?? false;
  const usedIds = new Set<string>(["contents", "cover"]);
  const cells: ReportCell[] = [];
  const headings: HeadingEntry[] = [];
  let hasMath = false;
  let figureCount = 0;
  const charts: unknown[] = [];
  const warnings: string[] = [];
  const { loadImage, redrawCharts } = options;
  for (const cell of selected.cells) {
    const idPrefix = `c${cell.index}-`;
    const warn = (messages: string[] | undefined) => warnings.push(...(messages ?? []).map((message) => `cell ${cell.index + 1} of ${original.cells.length} (id ${cell.id}): ${message}`));
    const reportCell: ReportCell = {
      index: cell.index,
      id: cell.id,
      name: str(cell.metadata.name),
      cellType: cell.cell_type === "markdown" ? "markdown" : "code",
      tags: cell.tags,
      inputView: cell.view.input,
      outputs: [],
      outputsCollapsed: cell.view.outputs === "collapsed",
      caption: cell.view.caption,
      pageBreakBefore: cell.view.pageBreakBefore,
      headings: [],
    };
    if (cell.cell_type === "markdown") {
      const markdown = await renderMarkdown(cell.source, { attachments: cell.attachments, idPrefix, usedIds, trust, loadImage });
      warn(markdown.warnings);
      reportCell.markdownHtml = markdown.html;
      reportCell.headings = markdown.headings;
      headings.push(...markdown.headings);
      hasMath ||= markdown.hasMath;
    } else {
      if (cell.view.input !== "removed") reportCell.inputHtml = await highlightCode(cell.source, language);
      for (const output of cell.selected) {
        const rendered = await renderOutput(output, { trust, idPrefix, usedIds, loadImage, redrawCharts });
        warn(rendered.warnings);
        hasMath ||= rendered.hasMath;
        if (rendered.chartSpec) {
          rendered.html = rendered.html.replace('<div class="chart"', `<div class="chart" data-chart="${charts.length}"`);
          charts.push(rendered.chartSpec);
        }
        reportCell.outputs.push(rendered);
      }
      if (reportCell.caption && reportCell.outputs.some((output) => output.isFigure)) reportCell.figureNumber = ++figureCount;
    }
    cells.push(reportCell);
  }
  const firstHeading = headings.find((heading) => heading.level === 1)?.text;
  return { meta: reportMeta(original, options, firstHeading), language, cells, headings, data: notebookData(original), hasMath, charts, warnings };
}
