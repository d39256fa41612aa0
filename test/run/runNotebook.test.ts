import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CellExecutionError, KernelError, ParameterError } from "../../src/errors/index.js";
import { installKernelSpec } from "../../src/jupyter/index.js";
import { runNotebook, validateIpynb, type IpynbCell, type RunProgressEvent } from "../../src/run/index.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/notebooks-run");
const scratch = mkdtempSync(join(tmpdir(), "icp-run-test-"));
// Stock tslab installed as a kernel into a temp prefix (the TypeScript kernel the icp-lab kernel builds on).
const tslabPrefix = join(scratch, "tslab");
// The icp-lab kernel (src/kernel, launched from dist/ via bin/icp-kernel.js: build first) via its own installer.
const icpLabPrefix = join(scratch, "icp-lab");
const env = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1", JUPYTER_PATH: `${join(tslabPrefix, "share/jupyter")}:${join(icpLabPrefix, "share/jupyter")}` };

/** Live members of a process group (kernels are spawned as group leaders). */
function processGroupMembers(pgid: number): number[] {
  const table = execFileSync("ps", ["-eo", "pid=,pgid=,stat="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, group, stat]) => pid && Number(group) === pgid && !stat?.startsWith("Z"))
    .map(([pid]) => Number(pid));
}

const kernelPids: number[] = [];
function tracking(extra?: (event: RunProgressEvent) => void): (event: RunProgressEvent) => void {
  return (event) => {
    if (event.type === "kernel-ready") kernelPids.push(event.kernelPid);
    extra?.(event);
  };
}

beforeAll(async () => {
  await installKernelSpec({ prefix: icpLabPrefix, name: "icp-lab-run-test" });
  const tslab = join(import.meta.dirname, "../../node_modules/tslab/bin/tslab");
  execFileSync(process.execPath, [tslab, "install", "--python=/usr/bin/python3", "--binary", tslab, "--prefix", tslabPrefix], { stdio: "ignore" });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  // No orphans: every kernel a run started is gone, with its whole process group.
  for (const pid of kernelPids.splice(0)) expect(processGroupMembers(pid)).toEqual([]);
});

const texts = (cell: IpynbCell) => (cell.outputs ?? []).map((o) => (o.output_type === "stream" ? `${o.name}:${[o.text].flat().join("")}` : o.output_type === "error" ? `error:${o.ename}` : `${o.output_type}:${String(o.data["text/html"] ?? o.data["text/plain"])}`));

describe("runNotebook with Debian's python3 ipykernel", () => {
  it("executes every cell, injects parameters and writes a valid nbformat 4.5 notebook", async () => {
    const outputPath = join(scratch, "kinds.out.ipynb");
    const result = await runNotebook(join(FIXTURES, "python-kinds.ipynb"), { env, outputPath, parameters: { min_touches: "5", region: "APAC" }, onProgress: tracking() });
    expect(result.status).toBe("completed");
    const cells = result.notebook.cells;
    // Input: markdown, parameters, 6 code cells (one empty); injected cell lands at index 2.
    expect(cells.map((cell) => cell.metadata.tags?.[0] ?? cell.cell_type)).toEqual(["markdown", "parameters", "injected-parameters", "code", "code", "code", "code", "code", "code", "code"]);
    expect(cells[2].source).toEqual(["# Parameters injected by icp run\n", "min_touches = 5\n", 'region = "APAC"\n']);
    expect(texts(cells[3])).toEqual(["stdout:stdout one\nstdout two\n", "stderr:to stderr\n"]);
    expect(texts(cells[4])).toEqual(["display_data:<b>updated</b>"]); // updated by display id from cell 5
    expect(texts(cells[5])).toEqual(["stdout:after update\n"]);
    expect(texts(cells[6])).toEqual(["stdout:kept\n"]); // clear_output(wait=True) dropped 'will vanish'
    expect(cells[7].execution_count).toBeNull(); // empty cell is skipped, as nbclient does
    expect(texts(cells[8])).toEqual(["execute_result:10"]); // min_touches * 2 = 5 * 2; stale output gone
    expect(texts(cells[9])).toEqual(["execute_result:'APAC 2026-09-30 True'"]);
    expect(cells.filter((c) => c.cell_type === "code").map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5, 6, null, 7, 8]);
    const execution = cells[3].metadata.execution as Record<string, string>;
    expect(Date.parse(execution["shell.execute_reply"])).toBeGreaterThanOrEqual(Date.parse(execution["iopub.execute_input"]));
    expect(cells[3].metadata.papermill).toMatchObject({ status: "completed", exception: false });
    expect(result.notebook.metadata.papermill).toMatchObject({ parameters: { min_touches: 5, region: "APAC" }, status: "completed" });
    const written = JSON.parse(readFileSync(outputPath, "utf8"));
    expect(validateIpynb(written).nbformat_minor).toBe(5);
    // The reference validator agrees (nbformat's JSON schema, Debian's python3-nbformat).
    execFileSync("/usr/bin/python3", ["-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", outputPath]);
  });

  it("rejects unknown names and bad values before any kernel starts", async () => {
    const events: RunProgressEvent[] = [];
    const run = runNotebook(join(FIXTURES, "python-kinds.ipynb"), { env, parameters: { region: "MARS", typo: 1 }, onProgress: (e) => events.push(e) });
    await expect(run).rejects.toThrow(ParameterError);
    await expect(run).rejects.toThrow(/'region' expects one of "EMEA" \| "AMER" \| "APAC".*unknown parameter 'typo'/);
    expect(events).toEqual([]);
  });

  it("stops at a failing cell, keeps its traceback, names the cell and writes the partial notebook", async () => {
    const outputPath = join(scratch, "fail.out.ipynb");
    const run = runNotebook(join(FIXTURES, "python-fail.ipynb"), { env, outputPath, onProgress: tracking() });
    await expect(run).rejects.toThrow(CellExecutionError);
    await expect(run).rejects.toThrow(/cell 2 of 3 \(id \w+\) "# compute the ratio" failed: ZeroDivisionError: division by zero/);
    const partial = validateIpynb(JSON.parse(readFileSync(outputPath, "utf8")));
    expect(texts(partial.cells[0])).toEqual(["stdout:before\n"]);
    expect(texts(partial.cells[1])).toEqual(["error:ZeroDivisionError"]);
    expect(partial.cells[2].execution_count).toBeNull();
    expect(partial.metadata.papermill).toMatchObject({ status: "failed", exception: true });
  });

  it("keeps going with allowErrors", async () => {
    const result = await runNotebook(join(FIXTURES, "python-fail.ipynb"), { env, allowErrors: true, throwOnFailure: false, onProgress: tracking() });
    expect(texts(result.notebook.cells[2])).toEqual(["stdout:never\n"]);
  });

  it("interrupts a cell past its timeout and stops the run", async () => {
    const result = await runNotebook(join(FIXTURES, "python-slow.ipynb"), { env, cellTimeoutMs: 500, throwOnFailure: false, onProgress: tracking() });
    expect(result.status).toBe("timeout");
    expect(result.error?.message).toMatch(/cell 2 of 3 .* timed out/);
    expect(texts(result.notebook.cells[1])).toEqual(["error:KeyboardInterrupt"]);
    expect(result.notebook.cells[2].execution_count).toBeNull();
  });

  it("reports a kernel killed mid-run as dead", async () => {
    const result = await runNotebook(join(FIXTURES, "python-slow.ipynb"), {
      env,
      throwOnFailure: false,
      onProgress: tracking((event) => {
        if (event.type === "cell-start" && event.position === 2) setTimeout(() => process.kill(kernelPids[kernelPids.length - 1], "SIGKILL"), 300);
      }),
    });
    expect(result.status).toBe("kernel-died");
    expect(result.error).toBeInstanceOf(KernelError);
    expect(result.error?.message).toMatch(/kernel died while running cell 2 of 3/);
    expect(texts(result.notebook.cells[1])).toEqual(["error:DeadKernelError"]);
  });

  it("interrupts cleanly on abort (Ctrl-C) and returns the partial notebook", async () => {
    const controller = new AbortController();
    const result = await runNotebook(join(FIXTURES, "python-slow.ipynb"), {
      env,
      signal: controller.signal,
      throwOnFailure: false,
      onProgress: tracking((event) => {
        if (event.type === "cell-start" && event.position === 2) setTimeout(() => controller.abort(), 300);
      }),
    });
    expect(result.status).toBe("interrupted");
    expect(texts(result.notebook.cells[0])).toEqual(["stdout:start\n"]);
    expect(texts(result.notebook.cells[1])).toEqual(["error:KeyboardInterrupt"]);
  });
});

// The same notebook through stock tslab and through the icp-lab kernel built on tslab's engine.
describe.each([
  ["stock tslab", "tslab"],
  ["icp-lab", "icp-lab-run-test"],
])("runNotebook with a TypeScript kernel (%s)", (_label, kernelName) => {
  it("injects typed redeclarations that later cells use, and stops at a thrown error", async () => {
    const result = await runNotebook(join(FIXTURES, "ts-params.ipynb"), {
      env,
      kernelName,
      parameters: { minTouches: "7", region: "AMER", analysisDate: "2026-06-30" },
      throwOnFailure: false,
      onProgress: tracking(),
    });
    const cells = result.notebook.cells;
    expect(cells[1].source).toEqual(["// Parameters injected by icp run\n", "const minTouches: number = 7;\n", 'const region: "EMEA" | "AMER" | "APAC" = "AMER";\n', 'const analysisDate: string = "2026-06-30";\n']);
    // 7 * 2 = 14; region === "AMER" type-checks because the union type was kept.
    expect(texts(cells[2])).toEqual(["stdout:14 AMER americas 2026-06-30 true\n"]);
    expect(result.status).toBe("failed");
    expect(result.error?.message).toMatch(/cell 4 of 5 .*failed: Error: boom at AMER/);
    expect(texts(cells[3]).at(-1)).toBe("error:Error");
    expect(cells[4].execution_count).toBeNull();
  });

  it("interrupts an endless loop at the cell timeout", async () => {
    const notebook = {
      nbformat: 4 as const,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: kernelName, language: "typescript" } },
      cells: ["console.log('start')", "while (true) {}", "console.log('never')"].map((source, i) => ({ id: `c${i}`, cell_type: "code" as const, source, metadata: {}, outputs: [], execution_count: null })),
    };
    const result = await runNotebook(notebook, { env, cellTimeoutMs: 1000, throwOnFailure: false, onProgress: tracking() });
    expect(result.status).toBe("timeout");
    expect(texts(result.notebook.cells[1]).at(-1)).toMatch(/^error:/);
    expect(result.notebook.cells[2].execution_count).toBeNull();
  });
});
