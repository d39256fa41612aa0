/**
 * Conformance: Debian's jupyter_kernel_test suite (test/kernel/kernel_conformance.py, every
 * sample attribute filled) against the kernel installed into a temporary prefix by our own
 * installer. All tests must pass and none may be skipped.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { installKernelSpec } from "../../src/jupyter/index.js";

const prefix = mkdtempSync(join(tmpdir(), "icp-kernelspec-"));
afterAll(() => rmSync(prefix, { recursive: true, force: true }));

describe("jupyter_kernel_test against the icp-lab kernel", () => {
  it("passes every test with no skips", async () => {
    await installKernelSpec({ prefix, name: "icp-lab-conformance" });
    const run = spawnSync("/usr/bin/python3", ["-m", "unittest", "-v", "kernel_conformance"], {
      cwd: fileURLToPath(new URL(".", import.meta.url)),
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter"), ICP_KERNEL_NAME: "icp-lab-conformance" },
      encoding: "utf8",
      timeout: 240_000,
    });
    const report = run.stderr;
    expect(report, report).toMatch(/Ran 12 tests/);
    expect(report, report).toMatch(/\nOK\s*$/m);
    expect(report).not.toMatch(/skipped/i);
    expect(run.status).toBe(0);
  }, 300_000);
});
