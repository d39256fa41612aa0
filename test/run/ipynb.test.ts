import { describe, expect, it } from "vitest";
import { RenderError } from "../../src/errors/index.js";
import { cellFirstLine, prepareForRun, validateIpynb, type IpynbNotebook } from "../../src/run/index.js";

const notebook = (cells: unknown[]): unknown => ({ nbformat: 4, nbformat_minor: 4, metadata: {}, cells });

describe("nbformat 4 checks", () => {
  it("names the cell and field that break the schema", () => {
    expect(() => validateIpynb({ nbformat: 3, nbformat_minor: 0, metadata: {}, cells: [] }, "old.ipynb")).toThrow(/old.ipynb: .*nbformat is 3, expected 4/);
    expect(() => validateIpynb(notebook([{ cell_type: "code", source: "x", metadata: {} }]))).toThrow(/cell 1 of 1 \(code\) has no outputs list/);
    expect(() => validateIpynb(notebook([{ cell_type: "markdown", source: "ok", metadata: {} }, { cell_type: "chart", source: "", metadata: {} }]))).toThrow(RenderError);
    expect(() => validateIpynb(notebook([{ cell_type: "code", source: "x", metadata: {}, outputs: [{ output_type: "png" }], execution_count: null }]))).toThrow(/cell 1 of 1 \(code\) output 1 output_type/);
  });

  it("prepares a copy for a run: outputs and counts cleared, ids added, minor raised to 5", () => {
    const input = validateIpynb(
      notebook([
        { cell_type: "markdown", source: ["# Title\n"], metadata: {} },
        { cell_type: "code", source: ["\n", "  x = 1  \n"], metadata: {}, outputs: [{ output_type: "stream", name: "stdout", text: "old" }], execution_count: 4 },
      ]),
    ) as IpynbNotebook;
    const prepared = prepareForRun(input);
    expect(prepared.nbformat_minor).toBe(5);
    expect(prepared.cells[1]).toMatchObject({ outputs: [], execution_count: null, source: ["\n", "  x = 1  \n"] });
    expect(prepared.cells.every((cell) => /^[0-9a-f]{8}$/.test(cell.id ?? ""))).toBe(true);
    expect(input.cells[1].execution_count).toBe(4); // the input is not changed
    expect(cellFirstLine(prepared.cells[1])).toBe("x = 1");
  });
});
