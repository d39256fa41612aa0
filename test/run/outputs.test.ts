import { describe, expect, it } from "vitest";
import { OutputCollector } from "../../src/run/index.js";

describe("OutputCollector (nbformat output semantics)", () => {
  it("merges consecutive streams of the same name only", () => {
    const collector = new OutputCollector();
    const outputs = collector.beginCell();
    collector.add({ msgType: "stream", content: { name: "stdout", text: "a" } });
    collector.add({ msgType: "stream", content: { name: "stdout", text: "b\n" } });
    collector.add({ msgType: "stream", content: { name: "stderr", text: "e\n" } });
    collector.add({ msgType: "stream", content: { name: "stdout", text: "c\n" } });
    expect(outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "ab\n" },
      { output_type: "stream", name: "stderr", text: "e\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
  });

  it("clears at once, or at the next output with wait=true", () => {
    const collector = new OutputCollector();
    const outputs = collector.beginCell();
    collector.add({ msgType: "stream", content: { name: "stdout", text: "gone\n" } });
    collector.add({ msgType: "clear_output", content: { wait: true } });
    expect(outputs).toHaveLength(1);
    collector.add({ msgType: "display_data", content: { data: { "text/plain": "new" }, metadata: {} } });
    expect(outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "new" }, metadata: {} }]);
    collector.add({ msgType: "clear_output", content: { wait: false } });
    expect(outputs).toEqual([]);
  });

  it("updates a display by id in an earlier cell and never stores transient", () => {
    const collector = new OutputCollector();
    const first = collector.beginCell();
    collector.add({ msgType: "display_data", content: { data: { "text/plain": "v1" }, metadata: {}, transient: { display_id: "d" } } });
    const second = collector.beginCell();
    collector.add({ msgType: "update_display_data", content: { data: { "text/plain": "v2" }, metadata: { m: 1 }, transient: { display_id: "d" } } });
    expect(first).toEqual([{ output_type: "display_data", data: { "text/plain": "v2" }, metadata: { m: 1 } }]);
    expect(second).toEqual([]);
  });

  it("keeps execute_result's count and errors' traceback", () => {
    const collector = new OutputCollector();
    const outputs = collector.beginCell();
    collector.add({ msgType: "execute_result", content: { data: { "text/plain": "42" }, metadata: {}, execution_count: 3 } });
    collector.add({ msgType: "error", content: { ename: "E", evalue: "v", traceback: ["t1"] } });
    expect(outputs).toEqual([
      { output_type: "execute_result", data: { "text/plain": "42" }, metadata: {}, execution_count: 3 },
      { output_type: "error", ename: "E", evalue: "v", traceback: ["t1"] },
    ]);
    expect(collector.hasError()).toBe(true);
  });
});
