/**
 * Stage 5: report model + compiled template -> one self-contained HTML document. Everything is
 * inline (CSS, KaTeX fonts, images as data URIs, charts as SVG); the static document contains no
 * script at all, and the optional interactive mode adds only the vega runtime read from
 * node_modules (never a CDN) plus a few lines that mount the charts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createReportComponents } from "./components.js";
import { escapeHtml } from "./highlight.js";
import type { ReportModel } from "./model.js";
import { katexStylesheet, REPORT_CSS } from "./styles.js";
import type { CompiledTemplate } from "./template.js";
import { locatingJsxDevRuntime, templateRenderError, TemplateLocator } from "./template-errors.js";

/** Options for {@link renderHtml}. */
export interface HtmlOptions {
  /** Mount charts with the (inlined) vega runtime so they have tooltips and can be resized. Default false. */
  interactive?: boolean;
  /** Document language. Default "en". */
  lang?: string;
}

/** A heading in the finished document. */
interface DocumentHeading {
  level: number;
  id: string;
  html: string;
}

/** Every h1-h6 with an id in the rendered body, except screen-reader-only labels. */
function documentHeadings(body: string): DocumentHeading[] {
  const headings: DocumentHeading[] = [];
  for (const match of body.matchAll(/<h([1-6])((?:\s[^>]*)?)>([\s\S]*?)<\/h\1>/g)) {
    const attributes = match[2];
    const id = /\sid="([^"]+)"/.exec(attributes)?.[1];
    if (!id || /class="[^"]*sr-only/.test(attributes)) continue;
    headings.push({ level: Number(match[1]), id, html: match[3].replace(/<[^>]+>/g, "").trim() });
  }
  return headings;
}

/** Fill the `<Toc/>` markers with links to the document's headings (levels relative to the shallowest). */
function fillToc(body: string): string {
  if (!body.includes("<!--icp-toc:")) return body;
  const headings = documentHeadings(body);
  const top = Math.min(...headings.map((heading) => heading.level));
  return body.replace(/<!--icp-toc:(\d+)-->/g, (_, depthText: string) => {
    const items = headings
      .filter((heading) => heading.level - top < Number(depthText))
      .map((heading) => `<li class="toc-level-${heading.level - top + 1}"><a href="#${heading.id}">${heading.html}</a></li>`);
    return `<ol>${items.join("")}</ol>`;
  });
}

/**
 * Outputs may fold content into `<details>` (our arquero tables put rows 11+ there). Paper cannot
 * unfold them, and a print stylesheet cannot open them: before printing, every `<details>` inside an
 * output opens (and closes again afterwards); the print CSS hides their summaries. This is the
 * report's own script, added only when an output has `<details>` (so most static reports stay
 * script-free); the PDF printer fires the same `beforeprint` event (pdf.ts).
 */
const PRINT_UNFOLD_SCRIPT =
  `<script>(function(){var opened=[];` +
  `addEventListener("beforeprint",function(){document.querySelectorAll(".output details:not([open])").forEach(function(d){d.open=true;opened.push(d);});});` +
  `addEventListener("afterprint",function(){opened.splice(0).forEach(function(d){d.open=false;});});})();</script>`;

const hasFoldedOutputs = (model: ReportModel) => model.cells.some((cell) => cell.outputs.some((output) => output.html.includes("<details")));

let vegaRuntime: string | undefined;

function interactiveScripts(model: ReportModel): string {
  const require = createRequire(import.meta.url);
  // vega's package exports no package.json; its entry point sits in build/ next to vega.min.js.
  vegaRuntime ??= readFileSync(join(dirname(require.resolve("vega")), "vega.min.js"), "utf8");
  const json = JSON.stringify(model.charts).replace(/</g, "\\u003c");
  // toReportModel numbered the charts (data-chart = index into model.charts).
  const mount = `window.icpReady=Promise.all([...document.querySelectorAll("[data-chart]")].map(function(el){var spec=window.icpCharts[+el.dataset.chart];el.innerHTML="";return new vega.View(vega.parse(spec),{renderer:"svg",container:el,hover:true}).runAsync();}));`;
  return `<script>${vegaRuntime.replace(/<\/script/gi, "<\\/script")}</script>\n<script>window.icpCharts=${json};${mount}</script>`;
}

/**
 * Stage 5: render the report through its template to a complete HTML document.
 *
 * @example
 * const html = renderHtml(model, await compileTemplate(resolveTemplate("default")));
 * await writeFile("report.html", html);
 */
export function renderHtml(model: ReportModel, template: CompiledTemplate, options: HtmlOptions = {}): string {
  const usedIds = new Set(["contents", "cover", ...model.headings.map((heading) => heading.id)]);
  const components = createReportComponents({ model, templateFile: template.file, usedIds });
  const locator = new TemplateLocator(template.file, template.map as never);
  let body: string;
  try {
    // The template runs on a JSX runtime that knows where each element was written, so errors name the line.
    const Content = getMDXComponent(template.code, { _jsx_dev_runtime: locatingJsxDevRuntime(locator) });
    body = renderToStaticMarkup(createElement(Content, { components, data: model.data, report: model.meta, cells: model.cells }));
  } catch (error) {
    throw templateRenderError(error, locator);
  }
  body = fillToc(body);
  const { meta } = model;
  const head = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="icp-lab">`,
    `<title>${escapeHtml(meta.title)}</title>`,
    meta.author ? `<meta name="author" content="${escapeHtml(meta.author)}">` : "",
    meta.subtitle ? `<meta name="description" content="${escapeHtml(meta.subtitle)}">` : "",
    `<style>${REPORT_CSS}</style>`,
    model.hasMath ? `<style>${katexStylesheet()}</style>` : "",
    template.css ? `<style>${template.css}</style>` : "",
  ].filter(Boolean);
  const scripts = (hasFoldedOutputs(model) ? `${PRINT_UNFOLD_SCRIPT}\n` : "") + (options.interactive ? interactiveScripts(model) : "");
  return `<!doctype html>\n<html lang="${escapeHtml(options.lang ?? "en")}">\n<head>\n${head.join("\n")}\n</head>\n<body>\n${body}\n${scripts}</body>\n</html>\n`;
}
