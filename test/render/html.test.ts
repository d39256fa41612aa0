import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { parse, type HTMLElement } from "node-html-parser";
import { ParameterError, RenderError } from "../../src/errors/index.js";
import { renderNotebook } from "../../src/render/index.js";
import { displayPayloadOf } from "../../src/display/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");
const templates = join(import.meta.dirname, "templates");

async function renderFixture(name: string, options: Parameters<typeof renderNotebook>[1] = {}): Promise<{ html: string; root: HTMLElement }> {
  // no `out`: nothing is written when the notebook is passed parsed... a path writes next to it, so pass out=undefined via object
  const { readNotebook } = await import("../../src/render/index.js");
  const notebook = await readNotebook(join(fixtures, name));
  const { html } = await renderNotebook({ ...notebook, path: undefined }, { to: "html", ...options });
  return { html, root: parse(html, { blockTextElements: { script: true, style: true } }) };
}

const cell = (root: HTMLElement, id: string) => root.querySelector(`#cell-${id}`);

/** Every URL the browser would load (src, href on <link>, url() in CSS): a self-contained report has none but data: URIs. */
function loadedUrls(html: string): string[] {
  const root = parse(html, { blockTextElements: { script: true, style: true } });
  const urls = [
    ...root.querySelectorAll("[src]").map((el) => el.getAttribute("src")!),
    ...root.querySelectorAll("link[href]").map((el) => el.getAttribute("href")!),
    ...[...html.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((match) => match[1]),
  ];
  return urls.filter((url) => !url.startsWith("data:") && !url.startsWith("#"));
}

describe("renderHtml on the all-outputs corpus", () => {
  it("renders every output kind where a reader expects it", async () => {
    const { root } = await renderFixture("all-outputs.ipynb");
    expect(cell(root, "stream-out")!.querySelector("pre.output-stream.stdout")!.text).toBe("STDOUT line one\nprogress 100%\n");
    expect(cell(root, "stream-out")!.querySelector("pre.output-stream.stderr")!.text).toContain("STDERR warning");
    expect(cell(root, "plain")!.querySelector("pre.output-text")!.text).toBe("PLAIN_RESULT 2");
    expect(cell(root, "html-table")!.querySelectorAll(".output-html table tbody tr")).toHaveLength(2);
    expect(cell(root, "markdown-out")!.querySelector(".output-markdown strong")!.text).toBe("MARKDOWN_OUT");
    expect(cell(root, "latex-out")!.querySelector(".output-latex .katex-display")).not.toBeNull();
    const png = cell(root, "png-out")!.querySelector("img")!;
    expect(png.getAttribute("src")).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(png.getAttribute("width")).toBe("120");
    expect(cell(root, "jpeg-out")!.querySelector("img")!.getAttribute("src")).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(cell(root, "svg-out")!.querySelector("img")!.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(cell(root, "json-out")!.querySelector(".output-json pre.shiki")!.text).toContain('"kpi": "JSON_OUT"');
    // vega-lite rendered by us to inline SVG (not the kernel's fallback svg), with its caption as a numbered figure
    const chart = cell(root, "vegalite-out")!;
    expect(chart.querySelector(".chart svg")).not.toBeNull();
    expect(chart.text).toContain("Customers by channel");
    expect(chart.text).not.toContain("FALLBACK_SVG");
    expect(chart.querySelector("figcaption")!.text).toBe("Figure 1. Customers by acquisition channel");
    expect(cell(root, "vega-out")!.querySelector(".chart svg")!.text).toContain("vega x axis");
    const error = cell(root, "error-out")!.querySelector(".output-error")!;
    expect(error.querySelector(".error-title")!.text).toBe("RangeError: ERROR_OUT boom");
    // ANSI red (0;31) became a styled span, no escape characters left
    expect(error.querySelector("pre span")!.getAttribute("style")).toContain("color:#c62828");
    expect(error.text).not.toContain("\u001b");
    expect(cell(root, "unknown-fallback")!.querySelector("pre.output-text")!.text).toBe("UNKNOWN_FALLBACK text");
    expect(cell(root, "unknown-only")!.querySelector(".output-note")!.text).toContain("application/vnd.jupyter.widget-view+json");
  });

  it("sanitises untrusted output HTML and loads nothing from the network", async () => {
    const { html, root } = await renderFixture("all-outputs.ipynb");
    expect(root.querySelectorAll("script")).toHaveLength(0);
    expect(html).not.toMatch(/onerror|onclick|PWNED/);
    expect(root.querySelector('a[href="https://example.com"]')!.getAttribute("rel")).toBe("noopener noreferrer");
    expect(loadedUrls(html)).toEqual([]);
  });

  it("keeps output HTML and scripts with trust", async () => {
    const { html } = await renderFixture("all-outputs.ipynb", { trust: true });
    expect(html).toContain("<script>window.PWNED=1</script>");
  });

  it("inlines the vega runtime (no CDN) in interactive mode", async () => {
    const { html, root } = await renderFixture("all-outputs.ipynb", { interactive: true });
    expect(root.querySelectorAll("[data-chart]")).toHaveLength(2);
    expect(html).toContain("window.icpCharts=");
    expect(root.querySelectorAll("script[src]")).toHaveLength(0);
  });
});

describe("charts the kernel already drew", () => {
  const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "REDRAWN_TITLE", mark: "bar", data: { values: [{ plan: "pro", n: 3 }] }, encoding: { x: { field: "plan", type: "nominal" }, y: { field: "n", type: "quantitative" } } };
  // The kernel's drawing, swapped for an SVG vega would never draw, so the test sees which one the report shows.
  const KERNEL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text id="kernel-drawn" x="0" y="15">KERNEL_DRAWN_SVG</text></svg>';
  async function chartNotebook() {
    const { data, metadata } = JSON.parse(JSON.stringify(await displayPayloadOf(spec)));
    const output = (withMark: boolean) => ({ output_type: "display_data", data: { ...data, "image/svg+xml": KERNEL_SVG }, metadata: withMark ? metadata : {} });
    const code = (id: string, withMark: boolean) => ({ cell_type: "code", id, source: "await show(spec)", metadata: {}, execution_count: 1, outputs: [output(withMark)] });
    return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [code("marked", true), code("unmarked", false)] };
  }
  const svgInImg = (root: HTMLElement, id: string) => {
    const src = cell(root, id)!.querySelector(".chart img")?.getAttribute("src");
    return src ? Buffer.from(src.replace(/^data:image\/svg\+xml;base64,/, ""), "base64").toString() : undefined;
  };

  it("shows a marked SVG as it is (sanitised like any notebook SVG) and redraws an unmarked bundle", async () => {
    const messages: string[] = [];
    const { html } = await renderNotebook(await chartNotebook(), { to: "html", onProgress: (message) => messages.push(message) });
    const root = parse(html);
    // untrusted: the kernel's SVG goes in an <img> (no script of it runs), never inline
    expect(svgInImg(root, "marked")).toBe(KERNEL_SVG);
    expect(cell(root, "marked")!.querySelector("svg")).toBeNull();
    const redrawn = cell(root, "unmarked")!.querySelector(".chart svg")!;
    expect(redrawn.text).toContain("REDRAWN_TITLE");
    expect(cell(root, "unmarked")!.text).not.toContain("KERNEL_DRAWN_SVG");
    expect(messages).toContain("rendered 2 cells (2 charts)");
    // trusted: inline
    const trusted = parse((await renderNotebook(await chartNotebook(), { to: "html", trust: true })).html);
    expect(cell(trusted, "marked")!.querySelector("#kernel-drawn")!.text).toBe("KERNEL_DRAWN_SVG");
  });

  it("redraws marked charts too when they are to be interactive", async () => {
    const root = parse((await renderNotebook(await chartNotebook(), { to: "html", interactive: true })).html, { blockTextElements: { script: true, style: true } });
    expect(root.querySelectorAll("[data-chart]")).toHaveLength(2);
    expect(cell(root, "marked")!.querySelector(".chart svg")!.text).toContain("REDRAWN_TITLE");
  });
});

describe("renderHtml on markdown", () => {
  it("renders GFM tables, task lists, footnotes, math, attachments and highlighted code", async () => {
    const { html, root } = await renderFixture("markdown.ipynb");
    expect(root.querySelectorAll("#cell-gfm table tbody tr")).toHaveLength(2);
    expect(root.querySelector('#cell-gfm td[align="right"]')!.text).toBe("4.2%");
    expect(root.querySelectorAll('#cell-gfm input[type="checkbox"]')).toHaveLength(2);
    expect(root.querySelector("#cell-title .footnotes li")!.text).toContain("FOOTNOTE_TEXT");
    expect(root.querySelectorAll("#cell-math .katex")).toHaveLength(2);
    expect(html).toContain("data:font/woff2;base64,"); // KaTeX fonts embedded because there is math
    expect(root.querySelector("#cell-attach img")!.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(root.querySelector("#cell-code pre.shiki")!.text).toContain("def churn(lost, start):");
    expect(root.querySelector("#cell-raw-html .callout")!.text).toBe("RAW_HTML_KEPT");
    expect(html).not.toMatch(/PWNED|onclick/);
  });

  it("builds a table of contents with unique anchors", async () => {
    const { root } = await renderFixture("markdown.ipynb");
    const links = root.querySelectorAll("nav.toc a").map((a) => [a.text, a.getAttribute("href")]);
    // the repeated "Raw HTML" heading gets a -1 suffix; the footnotes' hidden label is not listed
    expect(links).toEqual([
      ["Markdown features", "#markdown-features"],
      ["Tables and tasks", "#tables-and-tasks"],
      ["Math", "#math"],
      ["Attachments", "#attachments"],
      ["Code", "#code"],
      ["Raw HTML", "#raw-html"],
      ["Raw HTML", "#raw-html-1"],
    ]);
    for (const [, href] of links) expect(root.querySelector(href!)).not.toBeNull();
  });
});

describe("report controls", () => {
  it("honours tags, hides parameters, collapses hide-input and uses notebook metadata on the cover", async () => {
    const { html, root } = await renderFixture("tags.ipynb");
    for (const hidden of ["REMOVED_CELL_SOURCE", "REMOVED_CELL_OUTPUT", "REMOVED_INPUT_SOURCE", "REMOVED_OUTPUT", "threshold", "RAW_CELL_TEXT"]) expect(html).not.toContain(hidden);
    for (const shown of ["KEPT_OUTPUT_1", "KEPT_SOURCE_2", "KEPT_OUTPUT_3", "VISIBLE_SOURCE"]) expect(html).toContain(shown);
    expect(cell(root, "hidden-input")!.querySelector("details.cell-input")!.text).toContain("HIDDEN_INPUT_SOURCE");
    expect(cell(root, "new-page")!.classList.contains("page-break")).toBe(true);
    expect(root.querySelector(".cover-title")!.text).toBe("Tags report");
    expect(root.querySelector(".cover-subtitle")!.text).toBe("Cell tags and metadata");
    expect(root.querySelector(".cover-facts")!.text).toContain("2026 Q3");
    expect(root.querySelector('meta[name="author"]')!.getAttribute("content")).toBe("Ana Lyst");
  });

  it("--no-input hides all code; --title overrides the notebook's", async () => {
    const { html, root } = await renderFixture("tags.ipynb", { noInput: true, title: "Given title" });
    expect(html).not.toMatch(/KEPT_SOURCE_2|HIDDEN_INPUT_SOURCE|VISIBLE_SOURCE/);
    expect(root.querySelectorAll(".cell-input")).toHaveLength(0);
    expect(root.querySelector("title")!.text).toBe("Given title");
  });
});

describe("MDX templates", () => {
  it("lays out a stakeholder report with KPIs from the notebook's data, placed cells, notes and its own component and CSS", async () => {
    const { root } = await renderFixture("tags.ipynb", { template: join(templates, "stakeholder.mdx") });
    const kpis = root.querySelectorAll(".kpi");
    expect(kpis.map((kpi) => kpi.querySelector(".kpi-value")!.text)).toEqual(["31.2%", "1,840"]); // 0.312 -> 31.2%, 1840 -> 1,840
    // churnDelta -0.021 with goodWhen="down" is good news: -2.1 pp, green
    expect(kpis[0].querySelector(".kpi-delta.good")!.text).toBe("▼ -2.1 pp vs last quarter");
    expect(root.querySelector(".section p")!.text).toContain("Ideal share is 31.2%.");
    expect(root.querySelector(".badge")!.text).toBe("TEMPLATE_COMPONENT");
    expect(root.querySelector("style:last-of-type")!.text).toContain(".badge");
    expect(root.querySelector("#cell-figure figcaption")!.text).toContain("CAPTION_TEXT");
    expect(root.querySelector(".note.warning")!.text).toContain("NOTE_TEXT");
    // frontmatter noInput: true hides code; only the placed cell is shown
    expect(root.querySelectorAll(".cell-input")).toHaveLength(0);
    expect(root.querySelectorAll("section.cell")).toHaveLength(1);
    expect(root.querySelectorAll("h2").map((h) => h.text)).toEqual(["Key figures", "Where they come from"]);
  });

  const broken: Array<[string, RegExp]> = [
    ["syntax-error.mdx", /template .*syntax-error\.mdx:10: Unexpected end of file in expression/],
    ["unknown-component.mdx", /template .*unknown-component\.mdx:5: unknown component <Chart>/],
    ["missing-cell.mdx", /template .*missing-cell\.mdx:1: <Cell id="does-not-exist"\/> matches no cell/],
  ];
  for (const [file, message] of broken) {
    it(`names the template file and line for ${file}`, async () => {
      const error = await renderFixture("tags.ipynb", { template: join(templates, file) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RenderError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it("rejects an unknown template name as a usage error naming the templates there are", async () => {
    const error = await renderFixture("tags.ipynb", { template: "no-such-layout" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as Error).message).toBe('unknown template "no-such-layout": use one of default, or a path to an .mdx file');
  });
});
