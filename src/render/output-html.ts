/**
 * One selected output to an HTML fragment: streams and errors with ANSI colours as styled spans,
 * images as data URIs, vega/vega-lite as inline SVG rendered at build time, LaTeX with KaTeX,
 * HTML sanitised unless trusted.
 */
import AnsiToHtml from "ansi-to-html";
import type { Spec as VegaSpec } from "vega";
import type { TopLevelSpec } from "vega-lite";
import { compileVegaLite, reusableChartSvg, vegaToSvg } from "../display/index.js";
import { escapeHtml, highlightCode } from "./highlight.js";
import type { ImageLoader } from "./images.js";
import { renderMarkdown, renderMath } from "./markdown.js";
import type { SelectedOutput } from "./outputs.js";
import { sanitizeOutputHtml } from "./sanitize.js";

/** An output rendered to HTML. */
export interface RenderedOutput {
  kind: SelectedOutput["kind"];
  html: string;
  /** Charts and images: numbered when the cell has a caption, never split across pages. */
  isFigure: boolean;
  hasMath: boolean;
  /** What was left out of this output and why (images in text/markdown). */
  warnings?: string[];
  /** The compiled vega spec of a chart, for the optional interactive mode. */
  chartSpec?: VegaSpec;
}

/** Options for rendering outputs. */
export interface OutputRenderOptions {
  /** Keep outputs' HTML, SVG and scripts as they are (trusted notebook). Default false. */
  trust: boolean;
  /** Prefix for ids inside this output (footnotes of text/markdown outputs). */
  idPrefix: string;
  usedIds: Set<string>;
  /** Embeds images text/markdown outputs refer to by path. Default: they are left out. */
  loadImage?: ImageLoader;
  /**
   * Draw every chart with vega, even when the bundle carries icp-lab's marked SVG of it (the
   * interactive mode needs every chart's compiled spec). Default false: a marked SVG is used.
   */
  redrawCharts?: boolean;
}

// Solarized-like palette readable on white paper (ansi-to-html's default is for dark terminals).
const ansi = new AnsiToHtml({
  escapeXML: true,
  newline: false,
  fg: "#1f2328",
  bg: "#ffffff",
  colors: { 0: "#1f2328", 1: "#c62828", 2: "#2e7d32", 3: "#a66a00", 4: "#1565c0", 5: "#8e24aa", 6: "#00838f", 7: "#9e9e9e", 8: "#616161", 9: "#e53935", 10: "#43a047", 11: "#c29100", 12: "#1e88e5", 13: "#ab47bc", 14: "#00acc1", 15: "#bdbdbd" },
});

/** Terminal text (may contain ANSI escapes) to HTML. */
export function ansiToHtml(text: string): string {
  return ansi.toHtml(text);
}

/** True when a vega/vega-lite spec would load data or images from a URL or a file. */
function loadsExternalResources(spec: unknown): boolean {
  if (Array.isArray(spec)) return spec.some(loadsExternalResources);
  if (typeof spec !== "object" || spec === null) return false;
  return Object.entries(spec).some(([key, value]) => (key === "url" && typeof value === "string") || loadsExternalResources(value));
}

function dataUri(mime: string, data: unknown): string {
  const text = String(data).replace(/\s+/g, "");
  return `data:${mime};base64,${text}`;
}

function imageSize(metadata: Record<string, unknown>): string {
  const width = typeof metadata.width === "number" ? ` width="${metadata.width}"` : "";
  const height = typeof metadata.height === "number" ? ` height="${metadata.height}"` : "";
  return width + height;
}

function altText(output: Extract<SelectedOutput, { alternatives: unknown }>): string {
  const plain = output.alternatives["text/plain"];
  return escapeHtml(typeof plain === "string" ? plain.slice(0, 200) : "figure");
}

/** An SVG from the notebook: inline when trusted, else an `<img>` (browsers never run an SVG image's scripts; Chromium still prints it as vectors). */
function notebookSvgHtml(svg: string, alt: string, size: string, trust: boolean): string {
  return trust ? svg : `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}" alt="${alt}"${size}>`;
}

async function renderChart(output: Extract<SelectedOutput, { alternatives: unknown }>, options: OutputRenderOptions): Promise<RenderedOutput> {
  const { trust } = options;
  if (!trust && loadsExternalResources(output.data)) {
    return { kind: output.kind, html: `<div class="output-note">This chart loads data from a URL; it is rendered only for trusted notebooks (--trust).</div>`, isFigure: false, hasMath: false };
  }
  // The kernel's own drawing of this spec (icp-lab's display marks it, see display/chart-mark.ts) is
  // what vega would draw here again: use it, as nbconvert uses a bundle's SVG, and skip vega.
  const drawn = options.redrawCharts ? undefined : reusableChartSvg(output.alternatives, output.metadata, output.mime);
  if (drawn !== undefined) {
    return { kind: output.kind, html: `<div class="chart" role="img" aria-label="${altText(output)}">${notebookSvgHtml(drawn, "", "", trust)}</div>`, isFigure: true, hasMath: false };
  }
  const vegaSpec = output.kind === "vega-lite" ? await compileVegaLite(output.data as TopLevelSpec) : (output.data as VegaSpec);
  const svg = await vegaToSvg(vegaSpec);
  return { kind: output.kind, html: `<div class="chart" role="img" aria-label="${altText(output)}">${svg}</div>`, isFigure: true, hasMath: false, chartSpec: vegaSpec };
}

function stripMathDelimiters(latex: string): { tex: string; display: boolean } {
  const trimmed = latex.trim();
  const display = /^\$\$([\s\S]*)\$\$$/.exec(trimmed) ?? /^\\\[([\s\S]*)\\\]$/.exec(trimmed);
  if (display) return { tex: display[1], display: true };
  const inline = /^\$([\s\S]*)\$$/.exec(trimmed) ?? /^\\\(([\s\S]*)\\\)$/.exec(trimmed);
  if (inline) return { tex: inline[1], display: false };
  return { tex: trimmed, display: true };
}

/**
 * Render one selected output to HTML.
 *
 * @example
 * const out = await renderOutput({ kind: "stream", name: "stdout", text: "hello\n" }, { trust: false, idPrefix: "", usedIds: new Set() });
 * out.html; // '<pre class="output-stream stdout">hello\n</pre>'
 */
export async function renderOutput(output: SelectedOutput, options: OutputRenderOptions): Promise<RenderedOutput> {
  const plain = (html: string, isFigure = false, hasMath = false): RenderedOutput => ({ kind: output.kind, html, isFigure, hasMath });
  switch (output.kind) {
    case "stream":
      return plain(`<pre class="output-stream ${output.name}">${ansiToHtml(output.text)}</pre>`);
    case "error":
      return plain(
        `<div class="output-error"><div class="error-title">${escapeHtml(output.ename)}: ${escapeHtml(output.evalue)}</div>` +
          `<pre>${ansiToHtml(output.traceback.join("\n"))}</pre></div>`,
      );
    case "unsupported":
      return plain(`<div class="output-note">Output not shown: no renderable representation (${escapeHtml(output.mimes.join(", ") || "empty bundle")}).</div>`);
    case "vega-lite":
    case "vega":
      return renderChart(output, options);
    case "html": {
      const html = String(output.data);
      const isTable = /^\s*(<style[\s\S]*?<\/style>\s*)?(<div[^>]*>\s*)?<table/i.test(html);
      return plain(`<div class="output-html${isTable ? " output-table" : ""}">${options.trust ? html : sanitizeOutputHtml(html)}</div>`);
    }
    case "markdown": {
      const rendered = await renderMarkdown(String(output.data), { trust: options.trust, idPrefix: options.idPrefix, usedIds: options.usedIds, loadImage: options.loadImage });
      return { ...plain(`<div class="output-markdown">${rendered.html}</div>`, false, rendered.hasMath), warnings: rendered.warnings };
    }
    case "svg": {
      return plain(`<div class="output-image">${notebookSvgHtml(String(output.data), altText(output), imageSize(output.metadata), options.trust)}</div>`, true);
    }
    case "png":
    case "jpeg":
    case "gif":
      return plain(`<div class="output-image"><img src="${dataUri(output.mime, output.data)}" alt="${altText(output)}"${imageSize(output.metadata)}></div>`, true);
    case "latex": {
      const { tex, display } = stripMathDelimiters(String(output.data));
      return plain(`<div class="output-latex">${renderMath(tex, display)}</div>`, false, true);
    }
    case "json":
      return plain(`<div class="output-json">${await highlightCode(JSON.stringify(output.data, null, 2), "json")}</div>`);
    case "text":
      return plain(`<pre class="output-text">${ansiToHtml(String(output.data))}</pre>`);
  }
}
