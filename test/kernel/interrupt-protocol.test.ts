import { describe, expect, it } from "vitest";
import { CELL_FILE_NAME, mayStopCell, type StackFrame } from "../../src/kernel/interrupt-protocol.js";

// Stacks as the probe saw them in Node 20 (the probe's own evaluation frame first, no file name).
const evaluation: StackFrame = { fileName: "", functionName: "", isAsync: false };
const cell = (functionName = ""): StackFrame => ({ fileName: CELL_FILE_NAME, functionName, isAsync: false });
const node = (functionName: string, fileName: string): StackFrame => ({ fileName, functionName, isAsync: false });
const taskQueues = "node:internal/process/task_queues";

describe("mayStopCell", () => {
  it("stops a cell's code resumed after an await, whichever microtask runner resumed it", () => {
    expect(mayStopCell([evaluation, cell()])).toBe(true); // native microtask checkpoint: no frame below
    expect(mayStopCell([evaluation, cell("spin"), cell()])).toBe(true);
    expect(mayStopCell([evaluation, cell(), node("processTicksAndRejections", taskQueues)])).toBe(true);
    expect(mayStopCell([evaluation, cell(), node("runNextTicks", taskQueues), node("listOnTimeout", "node:internal/timers"), node("processTimers", "node:internal/timers")])).toBe(true);
  });

  it("stops library code the cell called, and ignores the awaiting callers V8 appends", () => {
    const library = node("sum", "file:///nb/node_modules/lib/index.js");
    expect(mayStopCell([evaluation, library, { fileName: "", functionName: "forEach", isAsync: false }, cell()])).toBe(true);
    expect(mayStopCell([evaluation, cell(), { fileName: "file:///k/dist/kernel/tslab-engine.js", functionName: "runCell", isAsync: true }])).toBe(true);
  });

  it("does not stop an idle thread, the kernel's code, or a cell function run by a timer or an immediate", () => {
    expect(mayStopCell([evaluation])).toBe(false);
    expect(mayStopCell([evaluation, cell("render"), node("mimeBundleOf", "file:///k/dist/display/bundle.js"), node("execute", "file:///k/dist/kernel/tslab-engine.js")])).toBe(false);
    expect(mayStopCell([evaluation, cell("spinT"), node("listOnTimeout", "node:internal/timers"), node("processTimers", "node:internal/timers")])).toBe(false);
    expect(mayStopCell([evaluation, cell("spinI"), node("processImmediate", "node:internal/timers")])).toBe(false);
  });
});
