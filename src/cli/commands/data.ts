/**
 * `icp data generate`: write the demo business's tables as CSV and/or Parquet files.
 * `icp data check DIR`: load a data folder with full validation and print a readable summary
 * (tables, row counts, date ranges, problems grouped by kind). Exit codes: 0 clean, 1 problems
 * found (with --lenient: only when the data cannot be used even after dropping bad rows),
 * 2 usage error.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { ParameterError, DataError } from "../../errors/index.js";
import {
  DEMO_DEFAULTS,
  formatProblems,
  isIsoDate,
  loadDataset,
  writeDemoData,
  type DemoFileFormat,
  type LoadProblem,
  type LoadReport,
  type ProblemSummary,
  type SourceFormat,
} from "../../data/index.js";
import { ExitCode } from "../main.js";

function wholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new ParameterError(`expected a whole number, got '${text}'`);
  return value;
}

function positiveWholeNumber(text: string): number {
  const value = wholeNumber(text);
  if (value < 1) throw new ParameterError(`expected a whole number >= 1, got '${text}'`);
  return value;
}

function isoDate(text: string): string {
  if (!isIsoDate(text)) throw new ParameterError(`expected a date YYYY-MM-DD, got '${text}'`);
  return text;
}

function formatList(text: string): DemoFileFormat[] {
  const formats = text.split(",").map((f) => f.trim()).filter(Boolean);
  for (const f of formats) if (f !== "csv" && f !== "parquet") throw new ParameterError(`--format takes csv and/or parquet, got '${f}'`);
  return formats as DemoFileFormat[];
}

interface GenerateOptions {
  customers: number;
  seed: number;
  out: string;
  format: DemoFileFormat[];
  asOf?: string;
}

interface CheckOptions {
  asOf?: string;
  lenient?: boolean;
  json?: boolean;
  maxErrors: number;
  dateFormat?: string;
  delimiter?: string;
  prefer?: string;
}

/** Register `icp data generate` and `icp data check`. */
export function registerDataCommand(program: Command): void {
  const data = program.command("data").description("demo data and data-folder checks");
  data
    .command("generate")
    .description("write the demo B2B SaaS business (all model tables) as CSV and/or Parquet")
    .option("--customers <n>", "number of customers", positiveWholeNumber, DEMO_DEFAULTS.customers)
    .option("--seed <n>", "random seed (same seed, same data)", wholeNumber, DEMO_DEFAULTS.seed)
    .option("-o, --out <dir>", "output folder", "data/demo")
    .option("--format <list>", "csv, parquet or csv,parquet", formatList, ["csv", "parquet"] as DemoFileFormat[])
    .option("--as-of <date>", "analysis date: no data after it", isoDate, DEMO_DEFAULTS.asOf)
    .action(async (options: GenerateOptions) => {
      const started = performance.now();
      const written = await writeDemoData(options.out, { customers: options.customers, seed: options.seed, formats: options.format, asOf: options.asOf });
      const seconds = (performance.now() - started) / 1000;
      const counts = Object.entries(written.rowCounts).map(([table, n]) => `  ${table.padEnd(12)} ${n.toLocaleString("en-US").padStart(12)}`);
      process.stdout.write(`wrote ${written.files.length} files to ${options.out} in ${seconds.toFixed(1)} s (seed ${options.seed}, as of ${options.asOf}):\n${counts.join("\n")}\n`);
    });
  data
    .command("check")
    .description("load a data folder with full validation and summarise tables, row counts, date ranges and problems")
    .argument("<dir>", "folder with <table>.csv / .parquet / .json / .ndjson / .arrow files")
    .option("--as-of <date>", "analysis date: dates after it are problems (default: not checked)", isoDate)
    .option("--lenient", "drop bad rows (and orphans) and report them; exit 0 if the rest is usable")
    .option("--json", "print the report as JSON")
    .option("--max-errors <n>", "problems listed in detail (all are counted)", positiveWholeNumber, 100)
    .option("--date-format <strptime>", "format of text dates, e.g. %d/%m/%Y (default ISO)")
    .option("--delimiter <char>", "CSV delimiter (default ',', tab for .tsv)")
    .option("--prefer <format>", "when a table exists in several formats, use this one (csv, parquet, json, ndjson, arrow)")
    .action(async (dir: string, options: CheckOptions) => {
      const preferFormat = options.prefer ? [options.prefer as SourceFormat] : undefined;
      let report: LoadReport | undefined;
      let failure: DataError | undefined;
      try {
        const dataset = await loadDataset(dir, { asOf: options.asOf, strict: !options.lenient, maxErrors: options.maxErrors, dateFormat: options.dateFormat, delimiter: options.delimiter, preferFormat });
        report = dataset.report;
        dataset.close();
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        failure = error;
      }
      // A failed load still carries its report (tables, counts) unless the folder could not be read at all.
      const failedReport = (failure?.context as { report?: LoadReport } | undefined)?.report;
      const shown = report ?? failedReport;
      const problems = shown?.problems ?? (failure!.problems as LoadProblem[]);
      const counts: ProblemSummary = shown?.problemCounts ?? { [problems[0]?.kind ?? "missing_file"]: problems.length };
      const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
      if (options.json) process.stdout.write(`${JSON.stringify({ ok: total === 0, usable: report !== undefined, report: shown ?? null }, null, 2)}\n`);
      else process.stdout.write(`${summarise(dir, shown, problems, counts, total, options)}\n`);
      const usable = report !== undefined;
      if (total > 0 && !(options.lenient && usable)) throw new ExitCode(1);
    });
}

/** The human-readable summary of a check. */
function summarise(dir: string, report: LoadReport | undefined, problems: LoadProblem[], counts: ProblemSummary, total: number, options: CheckOptions): string {
  const lines: string[] = [`Data folder ${dir}${options.asOf ? ` (analysis date ${options.asOf})` : " (no analysis date given: future dates not checked)"}`];
  if (report) {
    lines.push("", `${"table".padEnd(12)} ${"file".padEnd(20)} ${"rows".padStart(11)}  date ranges`);
    for (const t of report.tables) {
      const ranges = Object.entries(t.dateRanges).map(([c, r]) => `${c} ${r.min ?? "-"}..${r.max ?? "-"}`).join("; ");
      const rows = t.rows === t.rowsRead ? t.rows.toLocaleString("en-US") : `${t.rows.toLocaleString("en-US")}/${t.rowsRead.toLocaleString("en-US")}`;
      lines.push(`${t.table.padEnd(12)} ${basename(t.file).padEnd(20)} ${rows.padStart(11)}  ${ranges}`);
    }
    if (report.missingOptionalTables.length) lines.push("", `optional tables not present (criteria that need them will say so): ${report.missingOptionalTables.join(", ")}`);
    if (report.ignoredFiles.length) lines.push(`files not used: ${report.ignoredFiles.map((f) => basename(f)).join(", ")}`);
  }
  lines.push("");
  if (total === 0) lines.push("OK: no problems found.");
  else {
    if (!options.lenient && report) lines.push("FAILED. With --lenient the bad rows (and rows referring to them) would be dropped instead.", "");
    lines.push(formatProblems(problems, counts));
    if (report?.dropped.length) {
      lines.push("", "Dropped with --lenient (data rows):");
      for (const d of report.dropped) lines.push(`  ${basename(d.file)}: ${d.rows} row(s): ${d.dataRows.join(", ")}${d.rows > d.dataRows.length ? ", ..." : ""}`);
    }
  }
  return lines.join("\n");
}
