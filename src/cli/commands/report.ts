/**
 * `icp report TEMPLATE`: run a templated analysis end to end — parameters checked before anything
 * runs, the notebook executed through the icp-lab kernel, report.html + report.pdf rendered through
 * the template's layout, results.json and manifest.json written. `--matrix` runs one report per
 * combination in parallel with an index page. Exit codes: 0 ok, 1 a run failed, 2 bad parameters.
 */
import type { Command } from "commander";
import type { LoadedTemplate } from "../../report/index.js";
import { ParameterError } from "../../errors/index.js";
import { ExitCode } from "../main.js";
import { collect, gatherParameters, positiveNumber } from "../parameters.js";

interface ReportCommandOptions {
  parameter: string[];
  parametersFile?: string;
  output?: string;
  matrix: string[];
  previous?: string;
  concurrency?: number;
  format: string;
  cellTimeout?: number;
  quiet?: boolean;
  describe?: boolean;
}

/** Register `icp report`. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("run a report template (notebook + layout) and write report.html, report.pdf, results and a manifest")
    .argument("<template>", "template folder, or the name of a built-in template (quarterly-icp)")
    .option("-p, --parameter <name=value>", "set a template parameter (repeatable)", collect, [])
    .option("-f, --parameters-file <file>", "parameters from a JSON or YAML object (-p wins)")
    .option("-o, --output <dir>", "output folder (default reports/<quarter>)")
    .option("--matrix <name=v1,v2>", "one report per value (repeatable: every combination), run in parallel", collect, [])
    .option("--previous <dir>", "previous quarter's output folder to compare with (default: the sibling folder of the previous quarter, if present)")
    .option("--concurrency <n>", "parallel runs with --matrix (default: core count)", positiveNumber)
    .option("--format <list>", "formats to render: html,pdf", "html,pdf")
    .option("--cell-timeout <seconds>", "interrupt a cell after this long", positiveNumber)
    .option("-q, --quiet", "no progress output")
    .option("--describe", "list the template's parameters and exit")
    .action(async (templateName: string, options: ReportCommandOptions) => {
      // The report stack (kernel client, renderer, Chromium driver) loads only when a report runs,
      // so `icp --help` and the other commands start fast.
      const { loadTemplate, parseMatrixAxis, runReport, runReportBatch } = await import("../../report/index.js");
      const { createRunProgressReporter } = await import("../../run/index.js");
      if (options.describe) return describeTemplate(loadTemplate(templateName));
      const given = await gatherParameters(options.parameter, options.parametersFile);
      const formats = options.format.split(",").map((f) => f.trim());
      for (const f of formats) if (f !== "html" && f !== "pdf") throw new ParameterError(`--format: unknown format '${f}' (html, pdf)`);
      const log = (message: string) => {
        if (!options.quiet) process.stderr.write(`[icp report] ${message}\n`);
      };
      const common = {
        previous: options.previous,
        formats: formats as Array<"html" | "pdf">,
        cellTimeoutMs: options.cellTimeout === undefined ? undefined : options.cellTimeout * 1000,
        onMessage: log,
      };
      if (options.matrix.length > 0) {
        const axes = options.matrix.map(parseMatrixAxis);
        const out = options.output ?? `reports/${String(given.quarter ?? templateName)}`;
        const batch = await runReportBatch(templateName, given, axes, {
          ...common,
          out,
          concurrency: options.concurrency,
          onRunProgress: (slug, event) => {
            if (event.type === "cell-end") log(`[${slug}] cell ${event.position}/${event.total} ${event.status}`);
          },
        });
        process.stdout.write(`${batch.indexPath}\n`);
        if (batch.failed > 0) {
          process.stderr.write(`icp report: ${batch.failed} of ${batch.entries.length} reports failed (see ${batch.indexPath})\n`);
          throw new ExitCode(1);
        }
        return;
      }
      const result = await runReport(templateName, given, {
        ...common,
        out: options.output,
        onRunProgress: createRunProgressReporter({ quiet: options.quiet }),
      });
      for (const path of Object.values(result.manifest.outputs)) process.stdout.write(`${path}\n`);
      process.stdout.write(`${result.outDir}/manifest.json\n`);
    });
}

function describeTemplate({ spec, dir }: LoadedTemplate): void {
  process.stdout.write(`${spec.title} (${dir})\n\n`);
  const rows = Object.entries(spec.parameters).map(([name, p]) => [
    name,
    p.type === "enum" ? p.values!.join(" | ") : p.type,
    p.defaultFrom ? `(${p.defaultFrom})` : p.default === undefined ? (p.required ? "(required)" : "") : JSON.stringify(p.default),
    p.help,
  ]);
  const table = [["name", "type", "default", "help"], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()}\n`);
}
