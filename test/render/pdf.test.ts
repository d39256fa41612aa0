import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { PdfBrowser, pdfPageCount, renderNotebook } from "../../src/render/index.js";
import { tableBundle } from "../../src/display/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");
const outDir = mkdtempSync(join(tmpdir(), "icp-render-pdf-"));
// One real Chromium for every document in this file (the renderer reuses it across reports).
const browser = new PdfBrowser();

afterAll(async () => {
  await browser.close();
  rmSync(outDir, { recursive: true, force: true });
});

const pdftotext = (file: string, page?: number) =>
  execFileSync("pdftotext", [...(page ? ["-f", String(page), "-l", String(page)] : []), "-layout", file, "-"], { encoding: "utf8" });
const pdfinfo = (file: string) => execFileSync("pdfinfo", [file], { encoding: "utf8" });

describe("printPdf through renderNotebook", () => {
  it("writes HTML and a paginated A4 PDF with metadata, header/footer, page breaks and an outline", async () => {
    const result = await renderNotebook(join(fixtures, "tags.ipynb"), { to: "both", out: join(outDir, "tags"), browser, author: "Ana Lyst" });
    expect(result.htmlPath).toBe(join(outDir, "tags.html"));
    expect(result.pdfPath).toBe(join(outDir, "tags.pdf"));
    const info = pdfinfo(result.pdfPath!);
    expect(info).toMatch(/Title:\s+Tags report/);
    expect(info).toMatch(/Author:\s+Ana Lyst/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Tagged:\s+yes/);
    // cover + TOC on page 1, the notebook from page 2, and `page-break-before` starts page 3
    expect(result.pageCount).toBe(3);
    expect(info).toMatch(/Pages:\s+3/);
    expect(pdftotext(result.pdfPath!, 1)).toContain("CONTENTS");
    expect(pdftotext(result.pdfPath!, 2)).toContain("KEPT_OUTPUT_1");
    expect(pdftotext(result.pdfPath!, 2)).not.toContain("On a new page");
    const page3 = pdftotext(result.pdfPath!, 3);
    expect(page3).toContain("On a new page");
    // the chart is vector text in the PDF, with its caption
    expect(page3).toContain("Customers by channel");
    expect(page3).toContain("Figure 1. CAPTION_TEXT");
    expect(page3).toMatch(/Page 3 of 3/);
    expect(page3).toContain("Tags report"); // header
    // bookmarks: Chromium writes an outline from the headings; its first entry is the first heading
    const document = await PDFDocument.load(readFileSync(result.pdfPath!));
    const outlines = document.catalog.lookup(PDFName.of("Outlines"), PDFDict);
    const first = outlines.lookup(PDFName.of("First"), PDFDict);
    expect((first.lookup(PDFName.of("Title")) as PDFString | PDFHexString).decodeText()).toBe("Tags report");
  });

  it("keeps the cover's page free of header and footer; a report without a cover has them from page 1", async () => {
    const withCover = await renderNotebook(join(fixtures, "tags.ipynb"), { to: "pdf", out: join(outDir, "cover.pdf"), browser, author: "Ana Lyst", title: "HEADER_TITLE" });
    const cover = pdftotext(withCover.pdfPath!, 1);
    expect(cover).toContain("CONTENTS"); // page 1 is the cover (with the table of contents)
    expect(cover.match(/HEADER_TITLE/g)).toHaveLength(1); // the cover's own title, no header line
    expect(cover).not.toMatch(/Page \d+ of \d+/);
    for (const pageNumber of [2, 3]) {
      const text = pdftotext(withCover.pdfPath!, pageNumber);
      expect(text).toMatch(new RegExp(`Page ${pageNumber} of 3`));
      expect(text.trimStart().startsWith("HEADER_TITLE")).toBe(true); // the header is the page's first line
      expect(text).toMatch(/Ana Lyst\s+Page/); // footer: author, then the page number
    }
    const noCover = await renderNotebook(join(fixtures, "tags.ipynb"), { to: "pdf", out: join(outDir, "no-cover.pdf"), browser, template: join(import.meta.dirname, "templates", "no-cover.mdx"), title: "HEADER_TITLE" });
    const first = pdftotext(noCover.pdfPath!, 1);
    expect(first.trimStart().startsWith("HEADER_TITLE")).toBe(true);
    expect(first).toMatch(new RegExp(`Page 1 of ${noCover.pageCount}`));
  });

  it("prints Letter paper and reuses the same browser for another document", async () => {
    const result = await renderNotebook(join(fixtures, "all-outputs.ipynb"), { to: "pdf", out: join(outDir, "all.pdf"), browser, format: "Letter" });
    expect(result.htmlPath).toBeUndefined();
    const info = pdfinfo(result.pdfPath!);
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const text = pdftotext(result.pdfPath!);
    for (const expected of ["STDOUT line one", "PLAIN_RESULT 2", "MARKDOWN_OUT", "JSON_OUT", "ERROR_OUT boom", "UNKNOWN_FALLBACK", "vega x axis"]) expect(text).toContain(expected);
  });

  it("prints every row of a paginated table: the later pages' <details> are opened, their summaries hidden", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ customer: `CUSTOMER_ROW_${i + 1}`, orders: i + 1 }));
    const table = { numRows: () => rows.length, columnNames: () => ["customer", "orders"], column: (name: string) => ({ at: (row: number) => rows[row][name as "customer"] }) };
    const notebook = {
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [{ cell_type: "code", id: "table", source: "table", metadata: {}, execution_count: 1, outputs: [{ output_type: "display_data", data: tableBundle(table), metadata: {} }] }],
    };
    const result = await renderNotebook(notebook, { to: "both", out: join(outDir, "table"), browser });
    // in the HTML, rows 11-25 stay folded (a reader unfolds them); the report's beforeprint handler opens them
    expect(result.html).toMatch(/<details><summary>rows 11–20<\/summary>/);
    expect(result.html).toContain('addEventListener("beforeprint"');
    const text = pdftotext(result.pdfPath!);
    for (const row of [1, 10, 11, 20, 25]) expect(text).toMatch(new RegExp(`CUSTOMER_ROW_${row}\\b`));
    expect(text).not.toMatch(/rows 11–20|rows 21–25/);
  });

  it("counts pages without parsing Chromium's PDF, and parses one whose objects are compressed", async () => {
    const compressed = await PDFDocument.create();
    for (let page = 0; page < 4; page++) compressed.addPage();
    const bytes = await compressed.save({ useObjectStreams: true });
    expect(Buffer.from(bytes).toString("latin1")).not.toMatch(/\/Type\s*\/Page\b/); // the page objects sit in a compressed stream
    expect(await pdfPageCount(bytes)).toBe(4);
    const plain = await PDFDocument.create();
    for (let page = 0; page < 3; page++) plain.addPage();
    expect(await pdfPageCount(await plain.save({ useObjectStreams: false }))).toBe(3);
  });
});
