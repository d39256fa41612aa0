/**
 * `icp demo` (what `npm run demo` runs): generate the demo business's data, then run the quarterly
 * template on it — the previous quarter first, so the report shows quarter-over-quarter deltas — and
 * write reports/demo/report.html and report.pdf.
 */
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { positiveWholeNumber, wholeNumber } from "../parameters.js";

interface DemoCommandOptions {
  output: string;
  customers: number;
  seed: number;
  quarter: string;
  previousQuarter: string | false;
  quiet?: boolean;
}

/** Register `icp demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("generate demo data and produce the quarterly report from it (reports/demo/report.html and .pdf)")
    .option("-o, --output <dir>", "output folder", "reports/demo")
    .option("--customers <n>", "demo customers", positiveWholeNumber, 2000)
    .option("--seed <n>", "random seed of the demo data", wholeNumber, 42)
    .option("--quarter <YYYYQn>", "quarter to report on", "2026Q3")
    .option("--previous-quarter <YYYYQn>", "also run this quarter first, for quarter-over-quarter deltas", "2026Q2")
    .option("--no-previous-quarter", "skip the previous quarter's run")
    .option("-q, --quiet", "no progress output")
    .action(async (options: DemoCommandOptions) => {
      // Loaded on use: the report stack is heavy (see report.ts).
      const { parseQuarter, runReport } = await import("../../report/index.js");
      // Quarters are checked before the demo data is written, not after (exit 2, nothing written).
      parseQuarter(options.quarter);
      if (options.previousQuarter) parseQuarter(options.previousQuarter);
      const { writeDemoData } = await import("../../data/index.js");
      const { createRunProgressReporter } = await import("../../run/index.js");
      const out = resolve(options.output);
      const log = (message: string) => {
        if (!options.quiet) process.stderr.write(`[icp demo] ${message}\n`);
      };
      const dataDir = join(out, "data");
      log(`generating ${options.customers} demo customers (seed ${options.seed}) into ${dataDir}`);
      await writeDemoData(dataDir, { customers: options.customers, seed: options.seed, formats: ["csv"] });
      const run = (quarter: string, dir: string, previous?: string) =>
        runReport("quarterly-icp", { quarter, dataDir }, {
          out: dir,
          previous,
          onMessage: log,
          onRunProgress: createRunProgressReporter({ quiet: options.quiet }),
        });
      let previousDir: string | undefined;
      if (options.previousQuarter) {
        previousDir = join(out, "previous", options.previousQuarter);
        log(`previous quarter ${options.previousQuarter} -> ${previousDir}`);
        await run(options.previousQuarter, previousDir);
      }
      log(`quarter ${options.quarter} -> ${out}`);
      const result = await run(options.quarter, out, previousDir);
      for (const path of Object.values(result.manifest.outputs)) process.stdout.write(`${path}\n`);
      process.stdout.write(`${join(result.outDir, "manifest.json")}\n`);
    });
}
