/**
 * Usage errors of the `icp` command line, run in-process through main(): a bad option value names
 * the option and exits 2, and `icp data check` only suggests --lenient when it could help.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** Run `icp ...args`, capturing what it writes to stdout and stderr. */
async function icp(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(["node", "icp", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "icp-cli-options-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("option values", () => {
  it.each([
    [["data", "check", "x", "--max-errors", "abc"], "--max-errors", "abc", "expected a whole number >= 1"],
    [["data", "check", "x", "--as-of", "2026-02-30"], "--as-of", "2026-02-30", "expected a date YYYY-MM-DD"],
    [["data", "check", "x", "--prefer", "xls"], "--prefer", "xls", "expected one of csv, parquet, json, ndjson, arrow"],
    [["data", "generate", "--format", "xlsx"], "--format", "xlsx", "expected csv and/or parquet"],
    [["demo", "--seed", "abc"], "--seed", "abc", "expected a whole number"],
    [["demo", "--customers", "1.5"], "--customers", "1.5", "expected a whole number >= 1"],
    [["run", "nb.ipynb", "--cell-timeout", "soon"], "--cell-timeout", "soon", "expected a number > 0"],
    [["report", "quarterly-icp", "--concurrency", "0"], "--concurrency", "0", "expected a number > 0"],
  ])("icp %j names the option and exits 2", async (args, option, value, expected) => {
    const result = await icp(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`option '${option} `);
    expect(result.stderr).toContain(`argument '${value}' is invalid. ${expected}`);
  });

  it("an unknown demo quarter stops before any data is written", async () => {
    const out = join(dir, "demo-bad-quarter");
    const result = await icp("demo", "-o", out, "--quarter", "2026Q9", "-q");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/quarter '2026Q9' is not of the form YYYYQn/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("icp data check verdict", () => {
  it("does not suggest --lenient when required tables are missing", async () => {
    const folder = mkdtempSync(join(dir, "empty-"));
    const result = await icp("data", "check", folder);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FAILED: a required file, table or column is missing or unreadable (--lenient cannot fix that");
    expect(result.stdout).not.toContain("With --lenient the bad rows");
    expect(result.stdout).toMatch(/customers: required table missing/);
  });

  it("suggests --lenient for bad rows, and says what --lenient did", async () => {
    const folder = mkdtempSync(join(dir, "badrow-"));
    writeFileSync(join(folder, "customers.csv"), "customer_id,signup_date\nC1,2025-01-02\nC2,2025-02-30\n");
    writeFileSync(join(folder, "orders.csv"), "order_id,customer_id,order_date,amount\nO1,C1,2025-01-05,10\n");
    const strict = await icp("data", "check", folder);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("FAILED. With --lenient the bad rows (and rows referring to them) would be dropped instead.");
    expect(strict.stdout).toContain('customers.csv row 2 (line 3), column "signup_date": "2025-02-30" is not a date YYYY-MM-DD');
    const lenient = await icp("data", "check", folder, "--lenient");
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("Usable: the bad rows below (and rows referring to them) were dropped.");
  });
});
