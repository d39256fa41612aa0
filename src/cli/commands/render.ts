/**
 * `icp render NOTEBOOK.ipynb`: render an executed notebook to self-contained HTML and/or a
 * paginated PDF through an MDX template. Progress goes to stderr, the written paths to stdout.
 */
import type { Command } from "commander";
import { ParameterError } from "../../errors/index.js";

interface RenderCommandOptions {
  to: string;
  output?: string;
  template?: string;
  input: boolean;
  title?: string;
  subtitle?: string;
  author?: string;
  period?: string;
  date?: string;
  logo?: string;
  trust?: boolean;
  interactive?: boolean;
  showParameters?: boolean;
  paper: string;
  quiet?: boolean;
}

/** Register `icp render`. */
export function registerRenderCommand(program: Command): void {
  program
    .command("render")
    .description("render an executed notebook to self-contained HTML and/or PDF through an MDX template")
    .argument("<notebook>", "the .ipynb to render (nbformat 4)")
    .option("--to <format>", "html, pdf or both", "html")
    .option("-o, --output <file>", "output file (report.html / report.pdf) or path without extension (default: next to the notebook)")
    .option("--template <name|path.mdx>", "built-in layout name or an .mdx template file", "default")
    .option("--no-input", "hide all code cells' source (stakeholder reports)")
    .option("--title <text>", "report title (default: notebook metadata, else first heading, else file name)")
    .option("--subtitle <text>", "subtitle on the cover page")
    .option("--author <text>", "author on the cover page and in the PDF metadata")
    .option("--period <text>", "period the report covers, e.g. '2026 Q3'")
    .option("--date <text>", "report date shown on the cover page")
    .option("--logo <file>", "logo for the cover page (.svg, .png, .jpg)")
    .option("--trust", "trust the notebook: keep outputs' HTML and scripts unsanitised")
    .option("--interactive", "interactive charts in the HTML (vega runtime inlined)")
    .option("--show-parameters", "keep parameters cells in the report")
    .option("--paper <size>", "PDF paper size: A4 or Letter", "A4")
    .option("-q, --quiet", "no progress on stderr")
    .action(async (notebook: string, options: RenderCommandOptions) => {
      if (!["html", "pdf", "both"].includes(options.to)) throw new ParameterError(`--to must be html, pdf or both (got "${options.to}")`);
      if (!["A4", "Letter"].includes(options.paper)) throw new ParameterError(`--paper must be A4 or Letter (got "${options.paper}")`);
      // Loaded here, not at the top: other commands never pay for the renderer's modules.
      const { closeSharedPdfBrowser, renderNotebook } = await import("../../render/index.js");
      try {
        const result = await renderNotebook(notebook, {
          to: options.to as "html" | "pdf" | "both",
          out: options.output,
          template: options.template,
          // commander's --no-input sets input=false; leave undefined otherwise so the template decides.
          noInput: options.input === false ? true : undefined,
          title: options.title,
          subtitle: options.subtitle,
          author: options.author,
          period: options.period,
          date: options.date,
          logo: options.logo,
          trust: options.trust,
          interactive: options.interactive,
          showParameters: options.showParameters,
          format: options.paper as "A4" | "Letter",
          onProgress: options.quiet ? undefined : (message) => process.stderr.write(`icp render: ${message}\n`),
        });
        for (const path of [result.htmlPath, result.pdfPath]) if (path) process.stdout.write(`${path}\n`);
      } finally {
        await closeSharedPdfBrowser();
      }
    });
}
