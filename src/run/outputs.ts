/**
 * Turning IOPub messages into nbformat outputs, as nbclient does
 * (https://jupyter-client.readthedocs.io/en/stable/messaging.html#display-data and nbclient's
 * `output_from_msg` / `process_message`):
 * - consecutive `stream` messages with the same name merge into one output;
 * - `clear_output` empties the cell now, or with `wait: true` just before the next output arrives;
 * - `display_data` carrying `transient.display_id` is remembered, and `update_display_data` with
 *   that id replaces the data of every output shown under it, in any cell of the notebook;
 * - `transient` is never stored (it is, by definition, not part of the document).
 */
import type { KernelOutputMessage } from "../jupyter/index.js";
import type { IpynbOutput } from "./ipynb.js";

type DataOutput = Extract<IpynbOutput, { output_type: "display_data" | "execute_result" }>;

/**
 * Collects outputs across a whole notebook run: one instance per run (display ids span cells),
 * `beginCell` per executed cell.
 *
 * @example
 * const collector = new OutputCollector();
 * const outputs = collector.beginCell();
 * collector.add({ msgType: "stream", content: { name: "stdout", text: "a" } });
 * collector.add({ msgType: "stream", content: { name: "stdout", text: "b\n" } });
 * // outputs: [{ output_type: "stream", name: "stdout", text: "ab\n" }]
 */
export class OutputCollector {
  private outputs: IpynbOutput[] = [];
  private clearOnNextOutput = false;
  private readonly displays = new Map<string, DataOutput[]>();

  /** Start collecting for a new cell; returns the (live) output list of that cell. */
  beginCell(): IpynbOutput[] {
    this.outputs = [];
    this.clearOnNextOutput = false;
    return this.outputs;
  }

  /** Apply one IOPub output message to the current cell (or to earlier cells, for display updates). */
  add(message: KernelOutputMessage): void {
    const content = message.content;
    switch (message.msgType) {
      case "clear_output":
        if (content.wait) this.clearOnNextOutput = true;
        else this.clear();
        return;
      case "update_display_data": {
        const displayId = transientDisplayId(content);
        for (const output of (displayId && this.displays.get(displayId)) || []) {
          output.data = (content.data as Record<string, unknown>) ?? {};
          output.metadata = (content.metadata as Record<string, unknown>) ?? {};
        }
        return;
      }
      case "stream": {
        this.flushPendingClear();
        const name = content.name === "stderr" ? "stderr" : "stdout";
        const text = String(content.text ?? "");
        const last = this.outputs[this.outputs.length - 1];
        if (last?.output_type === "stream" && last.name === name) last.text = joinText(last.text) + text;
        else this.outputs.push({ output_type: "stream", name, text });
        return;
      }
      case "error":
        this.flushPendingClear();
        this.outputs.push({
          output_type: "error",
          ename: String(content.ename ?? "Error"),
          evalue: String(content.evalue ?? ""),
          traceback: Array.isArray(content.traceback) ? content.traceback.map(String) : [],
        });
        return;
      case "display_data":
      case "execute_result": {
        this.flushPendingClear();
        const data = (content.data as Record<string, unknown>) ?? {};
        const metadata = (content.metadata as Record<string, unknown>) ?? {};
        const output: DataOutput =
          message.msgType === "execute_result"
            ? { output_type: "execute_result", data, metadata, execution_count: typeof content.execution_count === "number" ? content.execution_count : null }
            : { output_type: "display_data", data, metadata };
        this.outputs.push(output);
        const displayId = transientDisplayId(content);
        if (displayId) this.displays.set(displayId, [...(this.displays.get(displayId) ?? []), output]);
        return;
      }
    }
  }

  /** Add an output the runner made itself (e.g. a kernel that reported an error only in its reply). */
  addError(ename: string, evalue: string, traceback: string[]): void {
    this.add({ msgType: "error", content: { ename, evalue, traceback } });
  }

  /** True when the current cell already holds an error output. */
  hasError(): boolean {
    return this.outputs.some((output) => output.output_type === "error");
  }

  private clear(): void {
    this.outputs.splice(0, this.outputs.length);
    this.clearOnNextOutput = false;
  }

  private flushPendingClear(): void {
    if (this.clearOnNextOutput) this.clear();
  }
}

function transientDisplayId(content: Record<string, unknown>): string | undefined {
  const transient = content.transient as { display_id?: unknown } | undefined;
  return typeof transient?.display_id === "string" ? transient.display_id : undefined;
}

function joinText(text: string | string[]): string {
  return Array.isArray(text) ? text.join("") : text;
}
