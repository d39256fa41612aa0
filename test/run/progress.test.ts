import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRunProgressReporter } from "../../src/run/progress.js";

/** The log lines a reporter writes for the given events (tty off: plain lines, as on a pipe). */
function linesFor(events: Parameters<ReturnType<typeof createRunProgressReporter>>[0][]): string[] {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk) => (text += String(chunk)));
  const report = createRunProgressReporter({ stream: stream as unknown as NodeJS.WriteStream, tty: false });
  for (const event of events) report(event);
  return text.trim().split("\n");
}

describe("run progress lines", () => {
  it("name the notebook cell when code-cell positions differ from notebook positions", () => {
    // Cell 4 of 27 code cells is the notebook's 6th cell (markdown cells before it): failures say "cell 6 of 41".
    expect(linesFor([{ type: "cell-start", position: 4, total: 27, cellIndex: 5, cellId: "data", firstLine: "const ds = await loadDataset(dataDir);" }]))
      .toEqual(["[icp run] cell 4/27 started (notebook cell 6): const ds = await loadDataset(dataDir);"]);
  });
  it("stay short when both positions agree", () => {
    expect(linesFor([{ type: "cell-start", position: 2, total: 3, cellIndex: 1, cellId: "b", firstLine: "x / 0" }])).toEqual(["[icp run] cell 2/3 started: x / 0"]);
  });
});
