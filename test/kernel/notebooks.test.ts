/**
 * Every example notebook in notebooks/ runs top to bottom with Debian's `jupyter nbconvert
 * --execute` on the icp-lab kernel (installed into a temporary prefix): no error outputs, every
 * code cell executed, the charts each notebook is written to draw came out as vega-lite with a
 * static SVG fallback, and no sentence built from numbers shows NaN/undefined/Infinity.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { installKernelSpec } from "../../src/jupyter/index.js";

const notebooksDir = fileURLToPath(new URL("../../notebooks/", import.meta.url));
const prefix = mkdtempSync(join(tmpdir(), "icp-nbconvert-"));
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

/**
 * Charts each notebook draws on the demo data (counted by hand from its `show(spec)` calls: one per
 * call, and `criterionPortrait` draws one lift chart per criterion whose portrait has findings).
 * A notebook not listed must still draw at least one chart.
 */
const EXPECTED_CHARTS: Record<string, number> = {
  "getting-started.ipynb": 1, // criteria coverage
  "criteria-readiness-interest-power.ipynb": 6, // cohort coverage, 2 what-if lines, 3 portrait lifts
  "criteria-success-marketing.ipynb": 7, // cohort coverage, 2 what-if lines, 2 portrait lifts, milestones, channel CAC
  "criteria-expansion-promotion.ipynb": 6, // cohort coverage, 2 what-if lines, 2 portrait lifts, usage gaps
  "churn-lifecycle.ipynb": 5, // retention heatmap, churn definitions, revenue churn, RFM grid, churn tree rules
  "clv.ipynb": 3, // holdout lines, P(alive) histogram, CLV by channel
};

type Output = { output_type: string; data?: Record<string, unknown>; name?: string };
type Cell = { cell_type: string; execution_count: number | null; outputs?: Output[] };

const VEGALITE = "application/vnd.vegalite.v5+json";

describe("example notebooks under nbconvert --execute", () => {
  for (const name of readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb"))) {
    it(`${name} runs with no errors and draws its charts`, async () => {
      await installKernelSpec({ prefix, name: "icp-lab" });
      const output = join(prefix, name);
      const run = spawnSync("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", join(notebooksDir, name), "--output", output], {
        cwd: notebooksDir,
        env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") },
        encoding: "utf8",
        timeout: 240_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const executed = JSON.parse(readFileSync(output, "utf8")) as { cells: Cell[] };
      const codeCells = executed.cells.filter((c) => c.cell_type === "code");
      expect(codeCells.every((c) => typeof c.execution_count === "number")).toBe(true);
      const outputs = codeCells.flatMap((c) => c.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === "error")).toEqual([]);

      const charts = outputs.filter((o) => o.data && VEGALITE in o.data);
      if (name in EXPECTED_CHARTS) expect(charts.length).toBe(EXPECTED_CHARTS[name]);
      else expect(charts.length).toBeGreaterThan(0);
      for (const chart of charts) {
        expect(typeof chart.data![VEGALITE]).toBe("object");
        expect(String(chart.data!["image/svg+xml"] ?? "")).toMatch(/^<svg/);
      }

      const sentences = outputs.flatMap((o) => (o.data && "text/markdown" in o.data ? [String(o.data["text/markdown"])] : []));
      for (const text of sentences) expect(text).not.toMatch(/\bNaN\b|\bundefined\b|Infinity/);
    }, 300_000);
  }
});
