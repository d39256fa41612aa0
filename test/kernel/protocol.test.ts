/**
 * The real kernel over the real protocol, driven by the Node client (src/jupyter/client.ts):
 * outputs per message type and mime type, errors with tracebacks, interrupts of a synchronous loop,
 * an await and a DuckDB query, restart, shutdown, and no process left behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernelSpec, KernelClient, type KernelOutputMessage } from "../../src/jupyter/index.js";

const prefix = mkdtempSync(join(tmpdir(), "icp-kernel-protocol-"));
// A notebook folder outside the project: `icp-lab` and arquero must still import there.
const notebookDir = mkdtempSync(join(tmpdir(), "icp-notebook-"));
const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };
let kernel: KernelClient;
const startedPids: number[] = [];

async function run(code: string, timeoutMs?: number) {
  const outputs: KernelOutputMessage[] = [];
  const result = await kernel.execute(code, { onOutput: (o) => outputs.push(o), timeoutMs, interruptGraceMs: 10_000 });
  return { result, outputs };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await installKernelSpec({ prefix, name: "icp-lab-protocol" });
  kernel = await KernelClient.launch({ kernelName: "icp-lab-protocol", env, cwd: notebookDir });
  startedPids.push(kernel.pid!);
});

afterAll(async () => {
  await kernel?.shutdown();
  rmSync(prefix, { recursive: true, force: true });
  rmSync(notebookDir, { recursive: true, force: true });
});

describe("icp-lab kernel over the Jupyter protocol", () => {
  it("reports itself with status ok", () => {
    expect(kernel.kernelInfo.status).toBe("ok");
    expect(kernel.kernelInfo.implementation).toBe("icp-lab");
    expect((kernel.kernelInfo.language_info as { name: string }).name).toBe("typescript");
  });

  it("streams stdout/stderr and sends the last expression as execute_result", async () => {
    const { result, outputs } = await run('console.log("out"); console.error("err"); 6 * 7');
    expect(result.status).toBe("ok");
    expect(result.executionCount).toBeGreaterThan(0);
    expect(outputs).toContainEqual({ msgType: "stream", content: { name: "stdout", text: "out\n" } });
    expect(outputs).toContainEqual({ msgType: "stream", content: { name: "stderr", text: "err\n" } });
    const executeResult = outputs.find((o) => o.msgType === "execute_result");
    expect((executeResult?.content.data as Record<string, unknown>)["text/plain"]).toBe("42");
  });

  it("imports icp-lab and ESM-only packages from a notebook outside the project", async () => {
    const { result, outputs } = await run('import { formatDisplayValue } from "icp-lab"; import * as vega from "vega"; import * as aq from "arquero"; [formatDisplayValue(1234.5), typeof vega.View, aq.table({ a: [1] }).numRows()]');
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    const data = outputs.find((o) => o.msgType === "execute_result")?.content.data as Record<string, unknown>;
    expect(data["application/json"]).toEqual(["1,234.5", "function", 1]);
  });

  it("displays tables as HTML, charts as vega-lite JSON with SVG, cards, and updates displays", async () => {
    const code = [
      'import { show, clearOutput } from "icp-lab"; import * as aq from "arquero";',
      'await show(aq.table({ plan: ["pro", "starter"], revenue: [12000.5, 900] }));',
      'await show({ mark: "bar", data: { values: [{ k: "a", v: 2 }] }, encoding: { x: { field: "k", type: "nominal" }, y: { field: "v", type: "quantitative" } } });',
      'await show({ title: "Ideal customers", facts: [{ label: "share", value: 0.25 }] });',
      'const progress = await show("step 1 of 2"); await progress.update("step 2 of 2");',
      "clearOutput({ wait: true });",
    ].join("\n");
    const { result, outputs } = await run(code);
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    const displays = outputs.filter((o) => o.msgType === "display_data").map((o) => o.content.data as Record<string, unknown>);
    // The table: 2 rows, the revenue 12000.5 formatted with a thousands separator.
    expect(displays[0]["text/html"]).toContain("2 rows × 2 columns");
    expect(displays[0]["text/html"]).toContain("12,000.5");
    expect(typeof displays[1]["application/vnd.vegalite.v5+json"]).toBe("object");
    expect(displays[1]["image/svg+xml"]).toMatch(/^<svg/);
    expect(displays[2]["text/html"]).toContain("icp-card");
    const update = outputs.find((o) => o.msgType === "update_display_data");
    expect((update?.content.data as Record<string, unknown>)["text/plain"]).toBe("step 2 of 2");
    expect(update?.content.transient).toEqual(outputs.filter((o) => o.msgType === "display_data")[3].content.transient);
    expect(outputs).toContainEqual({ msgType: "clear_output", content: { wait: true } });
  });

  it("marks a chart's SVG as vega's drawing of its spec, as show() does, when the chart is the last expression", async () => {
    const spec = '{ mark: "bar", data: { values: [{ k: "a", v: 2 }] }, encoding: { x: { field: "k", type: "nominal" }, y: { field: "v", type: "quantitative" } } }';
    const { result, outputs } = await run(`import { show } from "icp-lab";\nawait show(${spec});\n(${spec})`);
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    const shown = outputs.find((o) => o.msgType === "display_data")?.content;
    const last = outputs.find((o) => o.msgType === "execute_result")?.content;
    expect((last?.data as Record<string, unknown>)["image/svg+xml"]).toMatch(/^<svg/);
    // The renderer reuses a marked SVG instead of redrawing it: the mark must be there, and the same as show()'s.
    expect((last?.metadata as Record<string, Record<string, unknown>>)["image/svg+xml"]?.["icp-lab"]).toMatchObject({ from: "application/vnd.vegalite.v5+json" });
    expect(last?.metadata).toEqual(shown?.metadata);
  });

  it("reports type errors and thrown errors with ename, evalue and traceback, and runs the next cell", async () => {
    const typeError = await run('const n: number = "x";');
    expect(typeError.result.status).toBe("error");
    expect(typeError.result.error?.ename).toBe("TypeScriptError");
    expect(typeError.result.error?.evalue).toContain("not assignable to type 'number'");
    const thrown = await run('function fail() { throw new RangeError("boom"); }\nfail();');
    expect(thrown.result.error).toMatchObject({ ename: "RangeError", evalue: "boom" });
    expect(thrown.result.error?.traceback[0]).toBe("RangeError: boom");
    expect(thrown.outputs.filter((o) => o.msgType === "error")).toHaveLength(1);
    expect((await run("1 + 1")).result.status).toBe("ok");
  });

  it("interrupts a synchronous loop (heartbeat answering meanwhile) and keeps the kernel's state", async () => {
    await run("let survivor = 7;");
    const looping = run("while (true) {}", 1_500);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await kernel.heartbeat(5_000)).toBe(true);
    const { result } = await looping;
    expect(result.timedOut).toBe(true);
    expect(result.error?.ename).toBe("Interrupted");
    const after = await run("survivor * 6");
    expect((after.outputs.find((o) => o.msgType === "execute_result")?.content.data as Record<string, unknown>)["text/plain"]).toBe("42");
  });

  it("interrupts synchronous code that runs after an await, keeping its output and the kernel's state", async () => {
    await run("const definedBefore = 6;");
    const looping = await run('await new Promise((resolve) => setTimeout(resolve, 10)); console.log("looping"); while (true) {}', 1_500);
    expect(looping.result.timedOut).toBe(true);
    expect(looping.result.error?.ename).toBe("Interrupted");
    expect(looping.result.error?.evalue).toContain("after an await");
    // Printed just before the loop: still delivered although the loop was terminated.
    expect(looping.outputs).toContainEqual({ msgType: "stream", content: { name: "stdout", text: "looping\n" } });
    // So is a loop in a callback the continuation calls (below a builtin's frame).
    const inCallback = await run("await new Promise((resolve) => setTimeout(resolve, 10)); [1, 2].forEach(() => { for (;;) {} });", 1_500);
    expect(inCallback.result.error?.evalue).toContain("after an await");
    const after = await run("definedBefore * 7");
    expect((after.outputs.find((o) => o.msgType === "execute_result")?.content.data as Record<string, unknown>)["text/plain"]).toBe("42");
  });

  it("interrupts a cell while it is type-checked, before it runs", async () => {
    // vega-lite's types take this kernel longer than 300 ms to check the first time. The signal
    // used to be lost there (vm's breakOnSigint replaces the kernel's SIGINT listener right after):
    // the loop then ran until the client killed the kernel.
    const { result } = await run('import { compile } from "vega-lite"; const compiledSpec = compile({ mark: "bar" } as never); while (true) {}', 300);
    expect(result.timedOut).toBe(true);
    expect(result.error?.ename).toBe("Interrupted");
    expect((await run("1 + 1")).result.status).toBe("ok");
  });

  it("interrupts a long await", async () => {
    const { result } = await run("await new Promise((resolve) => setTimeout(resolve, 600_000));", 1_000);
    expect(result.timedOut).toBe(true);
    expect(result.error?.ename).toBe("Interrupted");
  });

  it("interrupts a running DuckDB query through connection.interrupt()", async () => {
    await run('import { DuckDBInstance } from "@duckdb/node-api"; const db = await DuckDBInstance.create(":memory:", { threads: "1" }); const con = await db.connect();');
    // 10^12 pairs: far more than the interrupt's wait.
    const { result } = await run("await con.run('SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b');", 1_500);
    expect(result.timedOut).toBe(true);
    expect(result.status).toBe("error");
    expect((await run("(await con.runAndReadAll('SELECT 41 + 1 AS x')).getRowsJS()")).result.status).toBe("ok");
  });

  it("restarts with fresh state and shuts down without leaving processes", async () => {
    await run("const declaredBefore = 1;");
    await kernel.restart();
    startedPids.push(kernel.pid!);
    // In the old process this would fail with "Cannot redeclare"; a fresh kernel has no such name.
    const { result, outputs } = await run("const declaredBefore = 2; declaredBefore");
    expect(result.status, JSON.stringify(result.error)).toBe("ok");
    expect((outputs.find((o) => o.msgType === "execute_result")?.content.data as Record<string, unknown>)["text/plain"]).toBe("2");
    await kernel.shutdown();
    for (const pid of startedPids) expect(isRunning(pid)).toBe(false);
  });
});
