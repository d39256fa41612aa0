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
      if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new ParameterError(`--as-of: expected YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`);
      // The analytics stack loads only when the command runs, so `icp --help` stays fast.
      const { loadDataset } = await import("../../data/index.js");
      const { evaluateCriteria } = await import("../../criteria/index.js");
      const { defaultIdealSelection, portrait } = await import("../../portrait/index.js");
      const dataset = await loadDataset(dataDir, options.asOf ? { asOf: options.asOf } : {});
      try {
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
        const out: string[] = [`Analysis date ${asOf}: ${evaluation.customers} buyers with an order in the 12 months before.`, "", "Criteria coverage:"];
        for (const c of coverage) {
          const indent = c.kind === "criterion" ? "  " : "      ";
          out.push(`${indent}${c.name.padEnd(34 - indent.length)} ${String(c.customers ?? "").padStart(8)} ${percent(c.share)}${c.evaluable ? "" : `  ${c.note}`}`);
        }
        out.push("", `Ideal customers (${result.idealLabel}): ${result.idealCustomers}; the rest: ${result.restCustomers}.`, "");
        out.push(result.findingList.length ? `Portrait (${result.findingList.length} findings with >= ${options.minSupport} customers, FDR 5%):` : "No finding passes the support and significance filters.");
        result.findingList.slice(0, options.top).forEach((f, i) => out.push(`  ${String(i + 1).padStart(2)}. ${f.sentence}`));
        process.stdout.write(`${out.join("\n")}\n`);
      } finally {
        dataset.close();
      }
    });
}
