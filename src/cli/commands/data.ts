/**
 * `icp data generate`: write the demo business's tables as CSV and/or Parquet files.
 * `icp data check DIR`: load a data folder with full validation and print a readable summary
 * (tables, row counts, date ranges, problems grouped by kind). Exit codes: 0 clean, 1 problems
 * found (with --lenient: only when the data cannot be used even after dropping bad rows),
 * 2 usage error.
 */
import { basename } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { DataError } from "../../errors/index.js";
// Only the engine-free part of the data folder at load time (option defaults for --help); the
// loaders and the generator (DuckDB, ≈1 s of imports) load when a command runs.
import { DEMO_DEFAULTS, LOAD_DEFAULTS } from "../../data/engine-free.js";
import type { DemoFileFormat, LoadProblem, LoadReport, ProblemSummary, SourceFormat } from "../../data/index.js";
import { ExitCode } from "../main.js";
import { isoDateOption, oneOf, positiveWholeNumber, wholeNumber } from "../parameters.js";

function formatList(text: string): DemoFileFormat[] {
  const formats = text.split(",").map((f) => f.trim()).filter(Boolean);
  for (const f of formats) if (f !== "csv" && f !== "parquet") throw new InvalidArgumentError(`expected csv and/or parquet, got '${f}'`);
  if (formats.length === 0) throw new InvalidArgumentError("expected csv and/or parquet");
  return formats as DemoFileFormat[];
}

/** The formats `--prefer` accepts: every format the loaders read. */
const SOURCE_FORMATS: readonly SourceFormat[] = ["csv", "parquet", "json", "ndjson", "arrow"];

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
  prefer?: SourceFormat;
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
    .addOption(new Option("--format <list>", "csv, parquet or csv,parquet").argParser(formatList).default(["csv", "parquet"] as DemoFileFormat[], "csv,parquet"))
    .option("--as-of <date>", "analysis date: no data after it", isoDateOption, DEMO_DEFAULTS.asOf)
    .action(async (options: GenerateOptions) => {
      const started = performance.now();
      const { writeDemoData } = await import("../../data/index.js");
      const written = await writeDemoData(options.out, { customers: options.customers, seed: options.seed, formats: options.format, asOf: options.asOf });
      const seconds = (performance.now() - started) / 1000;
      const counts = Object.entries(written.rowCounts).map(([table, n]) => `  ${table.padEnd(12)} ${n.toLocaleString("en-US").padStart(12)}`);
      process.stdout.write(`wrote ${written.files.length} files to ${options.out} in ${seconds.toFixed(1)} s (seed ${options.seed}, as of ${options.asOf}):\n${counts.join("\n")}\n`);
    });
  data
    .command("check")
    .description("load a data folder with full validation and summarise tables, row counts, date ranges and problems")
    .argument("<dir>", "folder with <table>.csv / .parquet / .json / .ndjson / .arrow files")
    .option("--as-of <date>", "analysis date: dates after it are problems (default: not checked)", isoDateOption)
    .option("--lenient", "drop bad rows (and orphans) and report them; exit 0 if the rest is usable")
    .option("--json", "print the report as JSON")
    .option("--max-errors <n>", "problems listed in detail (all are counted)", positiveWholeNumber, LOAD_DEFAULTS.maxErrors)
    .option("--date-format <strptime>", "format of text dates, e.g. %d/%m/%Y (default ISO)")
    .option("--delimiter <char>", "CSV delimiter (default ',', tab for .tsv)")
    .option("--prefer <format>", `when a table exists in several formats, use this one (${SOURCE_FORMATS.join(", ")})`, oneOf(SOURCE_FORMATS))
    .action(async (dir: string, options: CheckOptions) => {
      const { formatProblems, loadDataset } = await import("../../data/index.js");
      const preferFormat = options.prefer ? [options.prefer] : undefined;
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
      const usable = report !== undefined;
      if (options.json) process.stdout.write(`${JSON.stringify({ ok: total === 0, usable, report: shown ?? null }, null, 2)}\n`);
      else process.stdout.write(`${summarise(dir, shown, formatProblems(problems, counts), counts, total, { ...options, usable })}\n`);
      if (total > 0 && !(options.lenient && usable)) throw new ExitCode(1);
    });
}

/** The human-readable summary of a check. */
function summarise(dir: string, report: LoadReport | undefined, problemList: string, counts: ProblemSummary, total: number, options: CheckOptions & { usable: boolean }): string {
  const lines: string[] = [`Data folder ${dir}${options.asOf ? ` (analysis date ${options.asOf})` : " (no analysis date given: future dates not checked)"}`];
  if (report) {
    if (report.tables.length) lines.push("", `${"table".padEnd(12)} ${"file".padEnd(20)} ${"rows".padStart(11)}  date ranges`);
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
    lines.push(verdict(counts, options), "");
    lines.push(problemList);
    if (report?.dropped.length) {
      lines.push("", "Dropped with --lenient (data rows):");
      for (const d of report.dropped) lines.push(`  ${basename(d.file)}: ${d.rows} row(s): ${d.dataRows.join(", ")}${d.rows > d.dataRows.length ? ", ..." : ""}`);
    }
  }
  return lines.join("\n");
}

/** Problems that no dropped row can fix: the data is unusable in strict and lenient mode alike. */
const STRUCTURAL_PROBLEMS = ["missing_file", "unreadable_file", "missing_table", "missing_column"] as const;

/**
 * The one-line outcome above the problem list. Suggesting --lenient only makes sense when every
 * problem is a bad row; for a missing file, table or column it would send the user on a second
 * run that fails the same way.
 */
export function verdict(counts: ProblemSummary, outcome: { lenient?: boolean; usable: boolean }): string {
  if (STRUCTURAL_PROBLEMS.some((kind) => (counts[kind] ?? 0) > 0)) {
    return "FAILED: a required file, table or column is missing or unreadable (--lenient cannot fix that: no row can be dropped to fix it).";
  }
  if (!outcome.lenient) return "FAILED. With --lenient the bad rows (and rows referring to them) would be dropped instead.";
  return outcome.usable
    ? "Usable: the bad rows below (and rows referring to them) were dropped."
    : "FAILED: the data is not usable even after dropping the bad rows.";
}
