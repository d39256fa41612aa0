/**
 * Batch reports: one run of a template per matrix combination, in parallel up to the core count,
 * sharing one PDF browser, with a combined progress display, and an index.html linking them all.
 * A failing combination does not stop the others; the batch fails at the end if any failed.
 */
import { availableParallelism } from "node:os";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pLimit from "p-limit";
import { closeSharedPdfBrowser, sharedPdfBrowser } from "../render/index.js";
import type { RunProgressEvent } from "../run/index.js";
import { batchIndexHtml, type BatchEntry } from "./index-page.js";
import { combinationSlug, expandMatrix, type MatrixAxis } from "./matrix.js";
import { runReport, type RunReportOptions } from "./run-report.js";
import type { ParameterValue } from "./template-spec.js";

export interface BatchOptions extends Omit<RunReportOptions, "out" | "onRunProgress" | "browser"> {
  /** Folder holding one sub-folder per combination and index.html. */
  out: string;
  /** Runs at once; default the core count, at most the number of runs. */
  concurrency?: number;
  /** Progress of one combination's notebook run. */
  onRunProgress?: (slug: string, event: RunProgressEvent) => void;
}

export interface BatchResult {
  indexPath: string;
  entries: BatchEntry[];
  failed: number;
}

/**
 * Run `templateName` once per combination of `axes`, each with `given` plus the combination's values.
 *
 * @example
 * await runReportBatch("quarterly-icp", { quarter: "2026Q3", dataDir: "data" }, [{ name: "region", values: ["EMEA", "APAC"] }], { out: "reports/2026Q3" });
 * // reports/2026Q3/{region-EMEA,region-APAC}/report.pdf and reports/2026Q3/index.html
 */
export async function runReportBatch(templateName: string, given: Record<string, ParameterValue>, axes: MatrixAxis[], options: BatchOptions): Promise<BatchResult> {
  const combinations = expandMatrix(axes);
  const outDir = resolve(options.cwd ?? process.cwd(), options.out);
  await mkdir(outDir, { recursive: true });
  const limit = pLimit(Math.max(1, Math.min(options.concurrency ?? availableParallelism(), combinations.length)));
  const browser = await sharedPdfBrowser();
  try {
    const entries = await Promise.all(
      combinations.map((combination) =>
        limit(async (): Promise<BatchEntry> => {
          const slug = combinationSlug(combination);
          try {
            const { results } = await runReport(templateName, { ...given, ...combination }, {
              ...options,
              out: join(outDir, slug),
              browser,
              onRunProgress: (event) => options.onRunProgress?.(slug, event),
              onMessage: (message) => options.onMessage?.(`[${slug}] ${message}`),
            });
            return { combination, dir: slug, status: "ok", results };
          } catch (error) {
            options.onMessage?.(`[${slug}] failed: ${(error as Error).message}`);
            return { combination, dir: slug, status: "failed", error: (error as Error).message.split("\n")[0] };
          }
        }),
      ),
    );
    const indexPath = join(outDir, "index.html");
    await writeFile(indexPath, batchIndexHtml(`${templateName}: ${combinations.length} reports`, entries));
    return { indexPath, entries, failed: entries.filter((e) => e.status === "failed").length };
  } finally {
    await closeSharedPdfBrowser();
  }
}
