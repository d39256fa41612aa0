/**
 * `icp portrait DATA_DIR [--as-of YYYY-MM-DD] [--ideal-score K] [--json]`: load a data folder,
 * evaluate the seven criteria, print the coverage and the ranked portrait findings. With --json,
 * one JSON object on stdout:
 * { asOf, customers, criteria: [{ id, name, customers, share, evaluable }],
 *   findings: [{ attribute, value, idealShare, restShare, lift, ci: [lo, hi], nIdeal, nRest, sentence }] }
 * where `ci` is the Wilson 95% interval of the ideal share.
 */
import type { Command } from "commander";
import { ParameterError } from "../../errors/index.js";

interface PortraitCommandOptions {
  asOf?: string;
  idealScore?: number;
  minSupport: number;
  json?: boolean;
  top: number;
}

const number = (name: string) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new ParameterError(`${name}: expected a number >= 0, got ${JSON.stringify(value)}`);
  return parsed;
};

const count = (value: number): string => value.toLocaleString("en-US");

const percent = (share: number | null): string => (share === null ? "   n/a" : `${(share * 100).toFixed(1).padStart(5)}%`);

/** Register `icp portrait`. */
export function registerPortraitCommand(program: Command): void {
  program
    .command("portrait")
    .description("evaluate the seven criteria on a data folder and print coverage and the ideal-customer portrait")
    .argument("<data-dir>", "folder with customers/orders/... as CSV, JSON or Parquet")
    .option("--as-of <date>", "analysis date YYYY-MM-DD (default: the latest order date in the data)")
    .option("--ideal-score <k>", "ideal customers have ideal_score >= k (default: 2/3 of the largest possible score)", number("--ideal-score"))
    .option("--min-support <n>", "fewest customers behind a finding", number("--min-support"), 30)
    .option("--top <n>", "findings printed (text output)", number("--top"), 15)
    .option("--json", "one JSON object on stdout")
    .action(async (dataDir: string, options: PortraitCommandOptions) => {
      // The analytics stack loads only when the command runs, so `icp --help` stays fast.
      const { isIsoDate, loadDataset, snapshotAsOf } = await import("../../data/index.js");
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new ParameterError(`--as-of: expected YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
      const { evaluateCriteria } = await import("../../criteria/index.js");
      const { defaultIdealSelection, portrait } = await import("../../portrait/index.js");
      // No `asOf` for the loader: it would report every later row as an error, so a portrait as of an
      // earlier date (last quarter, on this quarter's data folder) would fail. The data is cut at the
      // analysis date instead, as the quarterly template does: later rows and later sign-ups go.
      const dataset = await loadDataset(dataDir);
      try {
        if (options.asOf !== undefined) await snapshotAsOf(dataset, options.asOf);
        const asOf = options.asOf ?? ((await dataset.query("SELECT CAST(max(order_date) AS VARCHAR) AS d FROM orders")).get("d", 0) as string);
        const evaluation = await evaluateCriteria(dataset, { asOf });
        const ideal = options.idealScore !== undefined ? { minScore: options.idealScore } : defaultIdealSelection(evaluation);
        const result = await portrait(evaluation, { ideal, minSupport: options.minSupport });
        const coverage = (await evaluation.coverage()).objects() as { kind: string; id: string; name: string; customers: number | null; share: number | null; evaluable: boolean; note: string }[];
        const criteria = coverage.filter((c) => c.kind === "criterion");
        if (options.json) {
          process.stdout.write(`${JSON.stringify({
            asOf,
            customers: evaluation.customers,
            criteria: criteria.map((c) => ({ id: c.id, name: c.name, customers: c.customers, share: c.share, evaluable: c.evaluable })),
            findings: result.findingList.map((f) => ({
              attribute: f.attribute, value: f.value, idealShare: f.idealShare, restShare: f.restShare, lift: Number.isFinite(f.lift) ? f.lift : null,
              ci: [f.idealShareLow, f.idealShareHigh], nIdeal: f.nIdeal, nRest: f.nRest, sentence: f.sentence,
            })),
          })}\n`);
          return;
        }
        const out: string[] = [`Analysis date ${asOf}: ${count(evaluation.customers)} buyers with an order in the 12 months before.`, "", "Criteria coverage:"];
        for (const c of coverage) {
          const indent = c.kind === "criterion" ? "  " : "      ";
          out.push(`${indent}${c.name.padEnd(34 - indent.length)} ${(c.customers === null ? "" : count(c.customers)).padStart(8)} ${percent(c.share)}${c.evaluable ? "" : `  ${c.note}`}`);
        }
        out.push("", `Ideal customers (${result.idealLabel}): ${count(result.idealCustomers)}; the rest: ${count(result.restCustomers)}.`, "");
        const found = result.findingList.length;
        const shown = Math.min(found, options.top);
        out.push(found === 0
          ? "No finding passes the support and significance filters."
          : `Portrait (${found} finding${found === 1 ? "" : "s"} with >= ${options.minSupport} customers, FDR 5%${shown < found ? `; the ${shown} strongest, --top to see more` : ""}):`);
        result.findingList.slice(0, options.top).forEach((f, i) => out.push(`  ${String(i + 1).padStart(2)}. ${f.sentence}`));
        process.stdout.write(`${out.join("\n")}\n`);
      } finally {
        dataset.close();
      }
    });
}
