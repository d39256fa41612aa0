/**
 * Stage 6: HTML -> paginated PDF with puppeteer driving the system Chromium (no browser download).
 *
 * - One browser is launched on first use and reused for every document (`PdfBrowser`); close it
 *   with `close()` (the CLI does; `closeSharedPdfBrowser()` for the shared one).
 * - The page is printed when it says it is ready (fonts loaded, images decoded, interactive charts
 *   mounted: `window.icpReady`), not after a timer.
 * - Requests other than data: URIs are blocked, so a report can never fetch anything while printing.
 * - A4 or Letter, margins, a header with the title and a footer with "Page X of Y" (CSS page-margin
 *   boxes; none on the cover's page), a tagged PDF with an outline (bookmarks) from the headings, and
 *   Title/Author/Subject metadata (pdf-lib).
 */
import { existsSync } from "node:fs";
import type { Browser, Page } from "puppeteer-core";
import { RenderError } from "../errors/index.js";

/** Page margins in millimetres. */
export interface MarginsMm {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Options for printing; defaults in {@link PDF_DEFAULTS}. */
export interface PdfOptions {
  format?: "A4" | "Letter";
  marginsMm?: MarginsMm;
  /** Shown in the header and written to the PDF metadata. */
  title?: string;
  author?: string;
  subject?: string;
  /** Header (title) and footer ("Page X of Y"). Default true. */
  headerFooter?: boolean;
  /** PDF outline/bookmarks from headings (tagged PDF). Default true. */
  outline?: boolean;
}

export const PDF_DEFAULTS = {
  format: "A4",
  marginsMm: { top: 20, right: 16, bottom: 20, left: 16 },
  headerFooter: true,
  outline: true,
} as const;

/** Chromium flags that work headless as root in containers (see TOOLCHAIN.md). */
const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--font-render-hinting=none",
];

/** The Chromium to use: PUPPETEER_EXECUTABLE_PATH, else the system one. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.PUPPETEER_EXECUTABLE_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new RenderError("no Chromium found for PDF output: install it (apt-get install chromium, or npm run setup) or set PUPPETEER_EXECUTABLE_PATH", { candidates });
  return found;
}

/** A CSS string literal. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, "\\$&").replace(/\r?\n/g, " ")}"`;

const MARGIN_BOX_STYLE = "font-family: 'Liberation Sans', Arial, sans-serif; font-size: 6.5pt; color: #6b7280;";

/**
 * Header (title) and footer (author, "Page X of Y") as CSS page-margin boxes (Chromium >= 131), so
 * that one page can go without them: the cover's, when the document starts with a cover
 * (`@page :first`). Puppeteer's header/footer templates print on every page.
 */
function headerFooterCss(options: Pick<PdfOptions, "title" | "author">, startsWithCover: boolean): string {
  const box = (content: string, align: string) => `{ content: ${content}; ${MARGIN_BOX_STYLE} text-align: ${align}; vertical-align: middle; }`;
  const rules = [
    `@page {`,
    options.title ? `  @top-left ${box(cssString(options.title), "left")}` : "",
    options.author ? `  @bottom-left ${box(cssString(options.author), "left")}` : "",
    `  @bottom-right ${box(`"Page " counter(page) " of " counter(pages)`, "right")}`,
    `}`,
    startsWithCover ? `@page :first { @top-left { content: none; } @bottom-left { content: none; } @bottom-right { content: none; } }` : "",
  ];
  return rules.filter(Boolean).join("\n");
}

/**
 * A reusable headless Chromium for printing reports.
 *
 * @example
 * const browser = new PdfBrowser();
 * try {
 *   const pdf = await browser.print("<h1>Hi</h1>", { title: "Hi" });
 * } finally {
 *   await browser.close();
 * }
 */
export class PdfBrowser {
  private browser: Promise<Browser> | undefined;
  /** A page opened ahead of the first print by warmUp() (a new browser's first page takes ~0.5 s). */
  private sparePage: Promise<Page> | undefined;

  constructor(private readonly executablePath?: string) {}

  /**
   * Start what a first print waits for — Chromium and a page, pdf-lib — without waiting for it, so
   * it happens while the caller builds the HTML (Chromium is another process: ~1 s of a cold PDF
   * render overlaps). Errors surface at print().
   * @example
   * browser.warmUp(); const html = await buildHtml(); await browser.print(html);
   */
  warmUp(): void {
    this.sparePage ??= this.launch().then((browser) => browser.newPage());
    this.sparePage.catch(() => (this.sparePage = undefined));
    void loadPdfLib().catch(() => undefined);
  }

  private async openPage(): Promise<Page> {
    const spare = this.sparePage;
    this.sparePage = undefined;
    const page = spare ? await spare.catch(() => undefined) : undefined;
    return page ?? (await this.launch()).newPage();
  }

  private launch(): Promise<Browser> {
    // puppeteer-core and pdf-lib load on first use (~0.9 s): HTML-only renders never pay for them.
    this.browser ??= import("puppeteer-core")
      .then(({ default: puppeteer }) => puppeteer.launch({ executablePath: this.executablePath ?? chromiumPath(), headless: true, args: CHROMIUM_ARGS }))
      .catch((error: unknown) => {
        this.browser = undefined;
        throw new RenderError(`could not start Chromium for PDF output: ${(error as Error).message}`, {}, { cause: error });
      });
    return this.browser;
  }

  /** Print one HTML document to PDF bytes. */
  async print(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
    const page = await this.openPage();
    try {
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const url = request.url();
        if (url.startsWith("data:") || url === "about:blank") void request.continue();
        else void request.abort("blockedbyclient");
      });
      await page.setContent(html, { waitUntil: "load" });
      const format = options.format ?? PDF_DEFAULTS.format;
      const margins = options.marginsMm ?? PDF_DEFAULTS.marginsMm;
      await page.addStyleTag({ content: `@page { size: ${format}; margin: ${margins.top}mm ${margins.right}mm ${margins.bottom}mm ${margins.left}mm; }` });
      // The ready signal: fonts loaded, images decoded, interactive charts (if any) mounted.
      await page.evaluate(async () => {
        await document.fonts.ready;
        await Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)));
        const ready = (window as unknown as { icpReady?: Promise<unknown> }).icpReady;
        if (ready) await ready;
      });
      // What a browser's Print does first: the page's own beforeprint handlers run (the report's
      // opens the <details> that outputs fold rows into, so the PDF has every row).
      await page.evaluate(() => {
        window.dispatchEvent(new Event("beforeprint"));
      });
      const headerFooter = options.headerFooter ?? PDF_DEFAULTS.headerFooter;
      if (headerFooter) {
        // A cover as the document's first element keeps its page free of header and footer.
        const startsWithCover = await page.evaluate(() => document.body.firstElementChild?.matches(".cover") ?? false);
        await page.addStyleTag({ content: headerFooterCss(options, startsWithCover) });
      }
      const pdf = await page.pdf({
        format,
        printBackground: true,
        margin: { top: `${margins.top}mm`, right: `${margins.right}mm`, bottom: `${margins.bottom}mm`, left: `${margins.left}mm` },
        outline: options.outline ?? PDF_DEFAULTS.outline,
        tagged: options.outline ?? PDF_DEFAULTS.outline,
      });
      return await withMetadata(pdf, options);
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  /** Close the browser (safe to call twice; a later print launches a new one). */
  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this.sparePage = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }
}

let pdfLib: Promise<typeof import("pdf-lib")> | undefined;

/** pdf-lib, imported once (~0.5 s): only to write the document information. */
function loadPdfLib(): Promise<typeof import("pdf-lib")> {
  pdfLib ??= import("pdf-lib");
  return pdfLib;
}

/** Write Title/Author/Subject/Creator into the PDF's document information. */
async function withMetadata(pdf: Uint8Array, options: PdfOptions): Promise<Uint8Array> {
  const { PDFDocument } = await loadPdfLib();
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  if (options.title) document.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.author) document.setAuthor(options.author);
  if (options.subject) document.setSubject(options.subject);
  document.setCreator("icp-lab");
  // No object streams: page objects stay plain, so pdfPageCount can count them without parsing.
  return document.save({ updateFieldAppearances: false, useObjectStreams: false });
}

/**
 * Number of pages of a PDF. Chromium's (and pdf-lib's) PDFs write each page as a plain object
 * `<< /Type /Page ... >>`, so counting those is enough and takes ~1 ms; a PDF whose objects are
 * compressed (none are counted) is parsed with pdf-lib (~0.2 s for 15 pages, plus its import).
 * @example
 * await pdfPageCount(await printPdf(html)) // 15
 */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const pages = text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  if (pages > 0) return pages;
  const { PDFDocument } = await loadPdfLib();
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

let shared: PdfBrowser | undefined;

/** The process-wide browser used when none is passed. */
export function sharedPdfBrowser(): PdfBrowser {
  shared ??= new PdfBrowser();
  return shared;
}

/** Close the process-wide browser (call before exiting). */
export async function closeSharedPdfBrowser(): Promise<void> {
  const browser = shared;
  shared = undefined;
  await browser?.close();
}

/**
 * Stage 6: print HTML to PDF on the shared browser (or `browser`).
 *
 * @example
 * const pdf = await printPdf(html, { title: "Q3 review", author: "Analytics", format: "A4" });
 * await writeFile("report.pdf", pdf);
 * await closeSharedPdfBrowser();
 */
export async function printPdf(html: string, options: PdfOptions & { browser?: PdfBrowser } = {}): Promise<Uint8Array> {
  return (options.browser ?? sharedPdfBrowser()).print(html, options);
}
