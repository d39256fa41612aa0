/**
 * `icp data generate` / `icp data check` through the built CLI (`node bin/icp.js`, built by
 * `npm test`'s pretest), and `import { loadDataset } from "icp-lab"` from plain Node.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "data");

function icp(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin", "icp.js"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("icp data (built CLI)", () => {
  let dir: string;
  beforeAll(async () => {
    expect(existsSync(join(root, "dist", "cli", "commands", "data.js")), "run npm run build first").toBe(true);
    dir = await mkdtemp(join(tmpdir(), "icp-cli-data-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("--help loads neither DuckDB nor arquero (they load when a command runs)", () => {
    // A module hook that prints every module Node resolves; the help must not pull in the engines.
    const hook = `data:text/javascript,export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + "\\n"); return r; }`;
    const register = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(hook)});`;
    for (const args of [["--help"], ["data", "--help"], ["data", "generate", "--help"], ["data", "check", "--help"]]) {
      const result = spawnSync(process.execPath, ["--import", register, join(root, "bin", "icp.js"), ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
      expect(result.status, result.stderr).toBe(0);
      const resolved = result.stderr.split("\n").filter((line) => line.startsWith("RESOLVED "));
      expect(resolved.some((line) => line.includes("/dist/cli/commands/data.js")), "the hook saw the CLI load").toBe(true);
      expect(resolved.filter((line) => /@duckdb|\/arquero\//.test(line)), args.join(" ")).toEqual([]);
    }
  });

  it("check on the good folder exits 0 with tables, row counts and date ranges", () => {
    const { code, stdout, stderr } = icp("data", "check", join(fixtures, "good"), "--as-of", "2026-09-30");
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/customers\s+customers\.csv\s+60\s+signup_date 2024-05-17\.\.2026-09-29/);
    expect(stdout).toContain("OK: no problems found.");
  });

  it("check on the bad folder exits 1 naming row 17 and every other bad row", () => {
    const { code, stdout } = icp("data", "check", join(fixtures, "bad"), "--as-of", "2026-09-30", "--max-errors", "500");
    expect(code).toBe(1);
    expect(stdout).toContain('customers.csv row 17 (line 18), column "signup_date": "2025-02-30" is not a date YYYY-MM-DD');
    for (const expected of [
      'customers.csv row 5 (line 6), column "employees": "twelve"',
      'customers.csv row 30 (line 31), column "customer_id": "C0000003" — duplicate id',
      'customers.csv row 40 (line 41), column "planned_cac"',
      'customers.csv row 45 (line 46), column "signup_date": "2027-01-15"',
      'customers.csv row 50 (line 51), column "customer_id": empty',
      'orders.csv row 10 (line 11), column "amount": "12,50"',
      'orders.csv row 20 (line 21), column "customer_id": "C9999999"',
      'orders.csv row 25 (line 26), column "amount"',
    ]) expect(stdout).toContain(expected);
  });

  it("check --lenient --json exits 0 and reports the dropped rows", () => {
    const { code, stdout, stderr } = icp("data", "check", join(fixtures, "bad"), "--as-of", "2026-09-30", "--lenient", "--json");
    expect(code, stderr).toBe(0);
    const parsed = JSON.parse(stdout) as { ok: boolean; usable: boolean; report: { dropped: { table: string; dataRows: number[] }[] } };
    expect(parsed.ok).toBe(false);
    expect(parsed.usable).toBe(true);
    expect(parsed.report.dropped.find((d) => d.table === "customers")!.dataRows).toEqual([5, 17, 30, 40, 45, 50]);
  });

  it("generate then check succeeds; usage errors exit 2", () => {
    const out = join(dir, "demo");
    const generated = icp("data", "generate", "--customers", "1000", "--seed", "9", "--out", out, "--format", "csv,parquet");
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/customers\s+1,000/);
    expect(existsSync(join(out, "events.parquet"))).toBe(true);
    const checked = icp("data", "check", out, "--as-of", "2026-09-30");
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/customers\s+customers\.parquet\s+1,000/);
    const checkedCsv = icp("data", "check", out, "--as-of", "2026-09-30", "--prefer", "csv");
    expect(checkedCsv.code).toBe(0);
    expect(checkedCsv.stdout).toContain("customers.csv");
    expect(icp("data", "generate", "--customers", "lots").code).toBe(2);
    expect(icp("data", "check", out, "--as-of", "30/09/2026").code).toBe(2);
    expect(icp("data", "check").code).toBe(2);
    expect(icp("data", "check", "--help").code).toBe(0);
  });

  it('import { loadDataset } from "icp-lab" works from plain Node', () => {
    const script = `import { loadDataset } from "icp-lab";
      const ds = await loadDataset(${JSON.stringify(join(fixtures, "good"))}, { asOf: "2026-09-30" });
      console.log(ds.report.tables.find((t) => t.table === "customers").rows);
      ds.close();`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("60");
  });
});
