import { describe, expect, it } from "vitest";
import { formatReportValue, selectMime, selectOutputs, preprocess, parseNotebook } from "../../src/render/index.js";

describe("selectMime", () => {
  it("prefers the richest known type", () => {
    expect(selectMime({ "text/plain": "x", "image/png": "AAAA", "text/html": "<b>x</b>" }).kind).toBe("html");
    expect(selectMime({ "text/plain": "x", "image/png": "AAAA" }).kind).toBe("png");
    expect(selectMime({ "application/vnd.vegalite.v6+json": {}, "image/svg+xml": "<svg/>" }).kind).toBe("vega-lite");
    expect(selectMime({ "application/vnd.vega.v5+json": {}, "text/plain": "x" }).kind).toBe("vega");
  });

  it("falls back from unknown mime types to the richest known one, or reports none", () => {
    expect(selectMime({ "application/x-custom+json": {}, "text/plain": "x" })).toMatchObject({ kind: "text", mime: "text/plain" });
    expect(selectMime({ "application/vnd.jupyter.widget-view+json": {} })).toEqual({ kind: "unsupported", mimes: ["application/vnd.jupyter.widget-view+json"] });
  });

  it("flattens per-mime metadata for the chosen type", () => {
    expect(selectMime({ "image/png": "AAAA" }, { "image/png": { width: 120 } })).toMatchObject({ metadata: { width: 120 } });
  });
});

describe("selectOutputs", () => {
  it("merges consecutive streams of the same name and applies carriage returns and backspaces", () => {
    const notebook = parseNotebook({
      nbformat: 4, nbformat_minor: 5, metadata: {},
      cells: [{ cell_type: "code", id: "a", metadata: {}, execution_count: 1, source: "x", outputs: [
        { output_type: "stream", name: "stdout", text: "10%\r50%\r100%\n" },
        { output_type: "stream", name: "stdout", text: "ab\bc\n" },
        { output_type: "stream", name: "stderr", text: "warn\n" },
      ] }],
    });
    const [cell] = selectOutputs(preprocess(notebook)).cells;
    // "10%\r50%\r100%" keeps what is after the last \r; "ab\bc" erases b -> "ac"
    expect(cell.selected).toEqual([
      { kind: "stream", name: "stdout", text: "100%\nac\n" },
      { kind: "stream", name: "stderr", text: "warn\n" },
    ]);
  });
});

describe("formatReportValue", () => {
  it("formats numbers in en-US", () => {
    expect(formatReportValue(0.2534, "percent")).toBe("25.3%"); // 0.2534 * 100 = 25.34 -> one decimal
    expect(formatReportValue(-0.021, "pp", { signed: true })).toBe("-2.1 pp");
    expect(formatReportValue(0.012, "pp", { signed: true })).toBe("+1.2 pp");
    expect(formatReportValue(1234567.8, "usd")).toBe("$1,234,568"); // >= 100: no decimals
    expect(formatReportValue(1840, "integer")).toBe("1,840");
    expect(formatReportValue(undefined)).toBe("–");
  });
});
