import { afterAll, afterEach, describe, expect, it } from "vitest";
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIXTURES = join(import.meta.dirname, "../fixtures/notebooks-run");
const ENTRY = join(FIXTURES, "icp-cli.ts");
const scratch = mkdtempSync(join(tmpdir(), "icp-run-cli-"));
// A marker in the environment every process started here inherits, to find leftovers precisely.
const marker = `ICP_RUN_CLI_TEST=${randomUUID()}`;
const env = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1", ICP_RUN_CLI_TEST: marker.split("=")[1] };
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `icp ...args`; `onStderr` may act on the child (e.g. send SIGINT) while it runs. */
function icp(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY, ...args], { env, cwd: join(import.meta.dirname, "../..") });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      onStderr?.(stderr, child);
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Pids of live processes that inherited this file's environment marker (kernels included). */
function processesWithMarker(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (/\) Z /.test(stat)) return false; // zombies are already dead
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker);
      } catch {
        return false; // exited meanwhile, or not ours to read
      }
    })
    .map(Number);
}

describe("icp run", () => {
  afterEach(() => expect(processesWithMarker()).toEqual([]));

  it("--describe lists parameters with types and defaults", async () => {
    const result = await icp(["run", "--describe", join(FIXTURES, "ts-params.ipynb")]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[1]).toMatch(/^minTouches\s+number\s+3\s+touches before purchase$/);
    expect(result.stdout).toMatch(/region\s+"EMEA" \| "AMER" \| "APAC"\s+"EMEA"/);
    expect(result.stdout).toMatch(/analysisDate\s+date \(YYYY-MM-DD\)\s+"2026-09-30"/);
  });

  it("exits 2 on a bad parameter value, before running anything", async () => {
    const output = join(scratch, "never.ipynb");
    const result = await icp(["run", join(FIXTURES, "python-kinds.ipynb"), "-p", "min_touches=lots", "-o", output]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/parameter 'min_touches' expects a number, got "lots"/);
    expect(() => readFileSync(output)).toThrow();
  });

  it("exits 1 naming the failing cell, with the partial notebook written and plain log lines off a TTY", async () => {
    const output = join(scratch, "fail.out.ipynb");
    const result = await icp(["run", join(FIXTURES, "python-fail.ipynb"), "-o", output]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[icp run\] cell 2\/3 started: # compute the ratio/);
    expect(result.stderr).toMatch(/icp run: cell 2 of 3 \(id \w+\) "# compute the ratio" failed: ZeroDivisionError: division by zero/);
    const partial = JSON.parse(readFileSync(output, "utf8"));
    expect(partial.cells[1].outputs[0].ename).toBe("ZeroDivisionError");
  });

  it("takes -f YAML parameters, -p wins, --quiet prints nothing", async () => {
    const params = join(scratch, "params.yaml");
    execFileSync("sh", ["-c", `printf 'region: AMER\\nmin_touches: 4\\n' > ${params}`]);
    const output = join(scratch, "kinds.out.ipynb");
    const result = await icp(["run", join(FIXTURES, "python-kinds.ipynb"), "-f", params, "-p", "min_touches=6", "-o", output, "--quiet"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const executed = JSON.parse(readFileSync(output, "utf8"));
    expect(executed.metadata.papermill.parameters).toEqual({ region: "AMER", min_touches: 6 });
  });

  it("Ctrl-C interrupts the kernel, writes the partial notebook, exits 130 and leaves no kernel", async () => {
    const output = join(scratch, "slow.out.ipynb");
    let sent = false;
    const result = await icp(["run", join(FIXTURES, "python-slow.ipynb"), "-o", output], (stderr, child) => {
      if (!sent && stderr.includes("cell 2/3 started")) {
        sent = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/run interrupted during cell 2 of 3/);
    const partial = JSON.parse(readFileSync(output, "utf8"));
    expect(partial.cells[0].outputs[0].text).toBe("start\n");
    expect(partial.cells[1].outputs[0].ename).toBe("KeyboardInterrupt");
    expect(processesWithMarker()).toEqual([]);
  });
});
