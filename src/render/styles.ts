/**
 * The report's CSS, inlined into every HTML file: typography for non-technical readers (one
 * readable column, generous line height, tabular numbers in tables), components (cover, TOC, KPI
 * cards, notes, figures), and print rules for the PDF (page breaks that never cut a chart, an image
 * or a table row; headings kept with what follows).
 *
 * KaTeX's stylesheet is added only when a report contains math, with its fonts embedded as woff2
 * data URIs (the HTML must work offline, and Chromium prints with the same fonts).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Base stylesheet for screen and print. */
export const REPORT_CSS = `
:root { --ink: #1f2328; --muted: #59636e; --rule: #d8dee4; --accent: #1d4ed8; --paper: #ffffff; --soft: #f6f8fa;
  --good: #1a7f37; --bad: #cf222e; font-size: 16px; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { margin: 0 auto; max-width: 50rem; padding: 2.5rem 1.5rem 4rem;
  font-family: "Inter", "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  line-height: 1.6; font-size: 1rem; -webkit-font-smoothing: antialiased; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.8em 0 0.6em; font-weight: 650; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.9rem; } h2 { font-size: 1.45rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.25em; }
h3 { font-size: 1.2rem; } h4, h5, h6 { font-size: 1rem; }
p, ul, ol, table, pre, figure { margin: 0 0 1em; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
img, svg { max-width: 100%; height: auto; }
code, pre, kbd { font-family: "JetBrains Mono", "Cascadia Mono", Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.85em; }
:not(pre) > code { background: var(--soft); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--soft); padding: 0.75em 1em; border-radius: 6px; overflow-x: auto; line-height: 1.45; white-space: pre-wrap; word-break: break-word; }
pre.shiki { background: var(--soft) !important; }
blockquote { margin: 0 0 1em; padding: 0 1em; color: var(--muted); border-left: 0.25em solid var(--rule); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; max-width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35em 0.75em; text-align: left; vertical-align: top; }
[align="right"] { text-align: right; } [align="center"] { text-align: center; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tr { break-inside: avoid; page-break-inside: avoid; }
.output-table, .output-html { overflow-x: auto; }
.task-list-item { list-style: none; } .task-list-item input { margin: 0 0.4em 0 -1.3em; }
.footnotes { font-size: 0.85rem; color: var(--muted); border-top: 1px solid var(--rule); margin-top: 1.5em; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.math-display { overflow-x: auto; margin: 0 0 1em; }

/* cover */
.cover { min-height: 22rem; display: flex; flex-direction: column; justify-content: center; border-bottom: 3px solid var(--ink); margin-bottom: 2rem; }
.cover-logo { max-height: 4rem; max-width: 12rem; margin-bottom: 2rem; }
.cover-logo svg, .cover-logo img { max-height: 4rem; }
.cover-title { font-size: 2.6rem; margin: 0 0 0.3em; border: 0; }
.cover-subtitle { font-size: 1.3rem; color: var(--muted); margin: 0 0 1.5em; }
.cover-facts { display: flex; flex-wrap: wrap; gap: 0.4rem 2.5rem; color: var(--muted); font-size: 0.95rem; margin: 0; }
.cover-facts dt { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; }
.cover-facts dd { margin: 0; color: var(--ink); font-weight: 600; }

/* table of contents */
.toc { margin: 0 0 2.5rem; }
.toc h2 { font-size: 1.1rem; text-transform: uppercase; letter-spacing: 0.06em; border: 0; margin-top: 0; }
.toc ol { list-style: none; padding: 0; margin: 0; }
.toc li { margin: 0.2em 0; } .toc .toc-level-2 { padding-left: 1.2em; } .toc .toc-level-3 { padding-left: 2.4em; font-size: 0.92em; }

/* cells */
.cell { margin: 0 0 1.2em; }
.cell-input pre { border-left: 3px solid var(--rule); }
details.cell-input summary { cursor: pointer; color: var(--muted); font-size: 0.85rem; margin-bottom: 0.4em; }
.cell-outputs { margin: 0; }
.output-stream, .output-text { background: transparent; padding: 0.25em 0; }
.output-stream.stderr { background: #fff5f5; padding: 0.5em 0.75em; }
.output-error { border-left: 4px solid var(--bad); background: #fff5f5; padding: 0.5em 0.9em; border-radius: 4px; margin-bottom: 1em; }
.output-error .error-title { font-weight: 600; color: var(--bad); }
.output-error pre { background: transparent; padding: 0; margin: 0.4em 0 0; }
.output-note { color: var(--muted); font-style: italic; font-size: 0.9rem; }
.chart, .output-image { margin: 0.5em 0 1em; text-align: center; }
.chart svg { display: inline-block; }
figure.figure { break-inside: avoid; page-break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.9rem; text-align: center; margin-top: 0.25em; }
figcaption .figure-label { font-weight: 600; color: var(--ink); }
.chart, .output-image, img, svg, .kpi, .note { break-inside: avoid; page-break-inside: avoid; }
.page-break { break-before: page; page-break-before: always; }

/* template components */
.section { margin: 0 0 2rem; }
.kpi-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0.8rem; margin: 0 0 1.5rem; }
.kpi { border: 1px solid var(--rule); border-radius: 8px; padding: 0.8rem 1rem; background: var(--paper); }
.kpi-label { font-size: 0.78rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.kpi-value { font-size: 1.7rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.2; }
.kpi-delta { font-size: 0.85rem; font-weight: 600; } .kpi-delta.good { color: var(--good); } .kpi-delta.bad { color: var(--bad); } .kpi-delta.neutral { color: var(--muted); }
.note { border-left: 4px solid var(--accent); background: #eff6ff; padding: 0.7em 1em; border-radius: 4px; margin: 0 0 1.2em; }
.note.warning { border-color: #bf8700; background: #fff8e1; } .note.success { border-color: var(--good); background: #effaf1; }
.note > :last-child { margin-bottom: 0; } .note-title { font-weight: 650; margin-bottom: 0.2em; }

@page { margin: 18mm 16mm; }
@media print {
  :root { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  .cover { min-height: 0; padding: 35mm 0 12mm; margin: 0 0 10mm; }
  .toc { break-after: page; page-break-after: always; }
  pre { white-space: pre-wrap; overflow: visible; }
  .output-table, .output-html { overflow: visible; }
  details.cell-input { display: none; }
  /* outputs' <details> are opened for print (html.ts); their "rows 11–20" summaries are not content */
  .output details > summary { display: none; }
  thead { display: table-header-group; }
}
`;

let katexCss: string | undefined;

/**
 * KaTeX's stylesheet with every font as an embedded woff2 data URI (only woff2: every browser that
 * opens the report, and the Chromium that prints it, reads woff2).
 *
 * @example
 * katexStylesheet().includes("data:font/woff2;base64,"); // true
 */
export function katexStylesheet(): string {
  if (katexCss !== undefined) return katexCss;
  const require = createRequire(import.meta.url);
  const katexDir = join(dirname(require.resolve("katex/package.json")), "dist");
  const css = readFileSync(join(katexDir, "katex.min.css"), "utf8");
  katexCss = css.replace(/src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g, (_, font: string) => {
    const data = readFileSync(join(katexDir, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return katexCss;
}
