import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "node-html-parser";
import { renderNotebook } from "../../src/render/index.js";

// Real files: a notebook folder with an image subfolder, and an image just outside the folder.
const scratch = mkdtempSync(join(tmpdir(), "icp-render-images-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const folder = join(scratch, "analysis");
mkdirSync(join(folder, "img", "sub dir"), { recursive: true });
const PNG = readFileSync(join(import.meta.dirname, "..", "fixtures", "notebooks", "all-outputs.ipynb"), "utf8").match(/"image\/png": "([A-Za-z0-9+/=]+)"/)![1];
writeFileSync(join(folder, "img", "chart.png"), Buffer.from(PNG, "base64"));
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>`;
writeFileSync(join(folder, "img", "sub dir", "diagram.svg"), SVG);
writeFileSync(join(folder, "img", "notes.txt"), "not an image");
writeFileSync(join(scratch, "outside.png"), Buffer.from(PNG, "base64"));

const markdown = (id: string, source: string) => ({ cell_type: "markdown", id, metadata: {}, source });
const notebookPath = join(folder, "report.ipynb");
writeFileSync(
  notebookPath,
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: "python" } },
    cells: [
      markdown("md-image", "# Images\n\n![funnel chart](img/chart.png)"),
      markdown("html-image", '<p class="diagram"><img src="img/sub%20dir/diagram.svg" alt="diagram"></p>'),
      markdown("missing", "Before ![gone](img/missing.png) after"),
      markdown("remote", '![remote](https://example.com/x.png) and <img src="//cdn.example.com/y.png">'),
      markdown("outside", "![outside](../outside.png)"),
      markdown("not-image", "![notes](img/notes.txt)"),
      {
        cell_type: "code", id: "md-output", metadata: {}, execution_count: 1, source: "show_markdown()",
        outputs: [{ output_type: "display_data", metadata: {}, data: { "text/markdown": "Output with ![chart](img/chart.png)", "text/plain": "md" } }],
      },
    ],
  }),
);

const base64Of = (src: string | undefined) => src?.replace(/^data:[^;]+;base64,/, "");

describe("images markdown refers to by path", () => {
  it("embeds files next to the notebook as data URIs and leaves out the rest with a warning naming the cell and path", async () => {
    const warnings: string[] = [];
    const result = await renderNotebook(notebookPath, { to: "html", out: join(scratch, "out.html"), onWarning: (message) => warnings.push(message) });
    const root = parse(result.html);
    // markdown image and raw-HTML <img> (URL-encoded path in a subfolder), both the exact file bytes
    const chart = root.querySelector("#cell-md-image img")!;
    expect(chart.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(base64Of(chart.getAttribute("src"))).toBe(PNG);
    expect(chart.getAttribute("alt")).toBe("funnel chart");
    const diagram = root.querySelector("#cell-html-image p.diagram img")!;
    expect(diagram.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(base64Of(diagram.getAttribute("src"))!, "base64").toString()).toBe(SVG);
    // a text/markdown output resolves against the same folder
    expect(base64Of(root.querySelector("#cell-md-output .output-markdown img")!.getAttribute("src"))).toBe(PNG);
    // left out: missing, remote (two), outside the folder, not an image; the text around them stays
    for (const id of ["missing", "remote", "outside", "not-image"]) expect(root.querySelectorAll(`#cell-${id} img`)).toHaveLength(0);
    expect(root.querySelector("#cell-missing")!.text).toContain("Before  after");
    expect(result.html).not.toMatch(/example\.com\/x\.png|cdn\.example\.com|outside\.png|missing\.png/);
    expect(warnings).toEqual(result.warnings);
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toBe(`cell 3 of 7 (id missing): image img/missing.png not found at ${join(folder, "img", "missing.png")}; left out`);
    expect(warnings[1]).toMatch(/^cell 4 of 7 \(id remote\): image https:\/\/example\.com\/x\.png: remote image not fetched/);
    expect(warnings[2]).toMatch(/^cell 4 of 7 \(id remote\): image \/\/cdn\.example\.com\/y\.png: remote image not fetched/);
    expect(warnings[3]).toMatch(/^cell 5 of 7 \(id outside\): image \.\.\/outside\.png left out: .*outside\.png is outside the notebook's folder \(render with --trust/);
    expect(warnings[4]).toMatch(/^cell 6 of 7 \(id not-image\): image img\/notes\.txt left out: not an image file/);
  });

  it("embeds an image outside the notebook's folder only for a trusted notebook", async () => {
    const result = await renderNotebook(notebookPath, { to: "html", out: join(scratch, "trusted.html"), trust: true, onWarning: () => undefined });
    expect(base64Of(parse(result.html).querySelector("#cell-outside img")!.getAttribute("src"))).toBe(PNG);
    // remote images stay out even when trusted: the report makes no network request
    expect(result.html).not.toMatch(/example\.com/);
    expect(result.warnings.filter((warning) => warning.includes("remote image not fetched"))).toHaveLength(2);
  });

  it("prints the warnings on stderr from the command line and still writes the report", () => {
    const out = join(scratch, "cli.html");
    const cli = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "fixtures", "notebooks-run", "icp-cli.ts"), "render", notebookPath, "-q", "-o", out], { encoding: "utf8" });
    expect(cli.status).toBe(0);
    expect(cli.stdout.trim()).toBe(out);
    expect(cli.stderr).toContain(`warning: cell 3 of 7 (id missing): image img/missing.png not found at ${join(folder, "img", "missing.png")}; left out`);
    expect(cli.stderr.match(/^warning: /gm)).toHaveLength(5);
    expect(readFileSync(out, "utf8")).toContain("data:image/png;base64,");
  });
});
