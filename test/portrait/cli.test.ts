import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANTED_SIGNALS, writeDemoData } from "../../src/data/index.js";

const launcher = join(import.meta.dirname, "icp-cli.ts");
const icp = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", launcher, ...args], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "icp-portrait-cli-"));
  await writeDemoData(dir, { customers: 3000, seed: 7, formats: ["parquet"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("icp portrait", () => {
  it("--json prints one object with coverage and findings", () => {
    const result = icp("portrait", dir, "--as-of", PLANTED_SIGNALS.analysisDate, "--json");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.asOf).toBe("2026-09-30");
    expect(report.criteria.map((c: { id: string }) => c.id)).toEqual(["purchase_readiness", "voluntary_decision", "purchasing_power", "success_potential", "marketing_effectiveness", "expansion_potential", "brand_promotion"]);
    for (const c of report.criteria) expect(c.customers / report.customers).toBeCloseTo(c.share, 10);
    const first = report.findings[0];
    expect(Object.keys(first)).toEqual(["attribute", "value", "idealShare", "restShare", "lift", "ci", "nIdeal", "nRest", "sentence"]);
    expect(first.ci[0]).toBeLessThanOrEqual(first.idealShare);
    expect(first.ci[1]).toBeGreaterThanOrEqual(first.idealShare);
    // The planted referral/email effect is among the findings, with lift > 1.
    expect(report.findings.find((f: { value: string }) => f.value === "referral").lift).toBeGreaterThan(1);
  });

  it("a higher --ideal-score makes a smaller ideal group; text output lists sentences", () => {
    const five = JSON.parse(icp("portrait", dir, "--as-of", "2026-09-30", "--json", "--ideal-score", "5").stdout);
    const seven = JSON.parse(icp("portrait", dir, "--as-of", "2026-09-30", "--json", "--ideal-score", "7").stdout);
    const idealOf = (r: { findings: { nIdeal: number; attribute: string }[] }) => r.findings.filter((f) => f.attribute === "region").length;
    expect(idealOf(seven)).toBe(0);
    const sum = (r: { findings: { nIdeal: number; attribute: string; value: string }[] }, value: string) => r.findings.find((f) => f.value === value)?.nIdeal ?? 0;
    expect(sum(seven, "referral")).toBeLessThan(sum(five, "referral"));
    const text = icp("portrait", dir, "--as-of", "2026-09-30");
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Criteria coverage:/);
    expect(text.stdout).toMatch(/Ideal customers are [\d.]+x as likely to come from the referral channel/);
  });

  it("--as-of an earlier date cuts the data at that date instead of failing on the later rows", () => {
    const now = JSON.parse(icp("portrait", dir, "--as-of", "2026-09-30", "--json").stdout);
    const earlier = icp("portrait", dir, "--as-of", "2026-06-30", "--json");
    expect(earlier.stderr).toBe("");
    expect(earlier.status).toBe(0);
    const report = JSON.parse(earlier.stdout);
    expect(report.asOf).toBe("2026-06-30");
    // Buyers ordered in the 12 months before 2026-06-30: fewer than before 2026-09-30 on a growing business.
    expect(report.customers).toBeGreaterThan(0);
    expect(report.customers).toBeLessThan(now.customers);
  });

  it("text output uses thousands separators and says when --top cuts the list", () => {
    const text = icp("portrait", dir, "--as-of", "2026-09-30", "--top", "3").stdout;
    expect(text).toMatch(/^Analysis date 2026-09-30: \d{1,3}(,\d{3})+ buyers/);
    expect(text).toMatch(/Portrait \(\d+ findings with >= 30 customers, FDR 5%; the 3 strongest, --top to see more\):/);
    expect(text.match(/^ +\d+\. Ideal customers/gm)).toHaveLength(3);
  });

  it("usage errors exit 2", () => {
    const result = icp("portrait", dir, "--as-of", "30/09/2026");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--as-of: expected YYYY-MM-DD/);
    expect(icp("portrait", dir, "--as-of", "2026-02-30").status).toBe(2);
  });
});
