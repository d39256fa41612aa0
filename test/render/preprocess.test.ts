import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { preprocess, readNotebook } from "../../src/render/index.js";

const tagsPath = join(import.meta.dirname, "..", "fixtures", "notebooks", "tags.ipynb");

describe("preprocess", () => {
  it("applies remove-cell, parameters, remove-input, remove-output, hide-input, page breaks and captions", async () => {
    const prepared = preprocess(await readNotebook(tagsPath));
    const byId = Object.fromEntries(prepared.cells.map((cell) => [cell.id, cell]));
    // removed: params, injected (parameters tags), removed-cell and kpis (remove-cell), raw1 (raw cells never show)
    expect(prepared.cells.map((cell) => cell.id)).toEqual(["t-title", "removed-input", "removed-output", "hidden-input", "new-page", "figure", "raw-cell-follows"]);
    expect(byId["removed-input"].view).toMatchObject({ input: "removed", outputs: "show" });
    expect(byId["removed-output"].view).toMatchObject({ input: "show", outputs: "removed" });
    expect(byId["hidden-input"].view).toMatchObject({ input: "collapsed", outputs: "show" });
    expect(byId["new-page"].view.pageBreakBefore).toBe(true);
    expect(byId["figure"].view.caption).toBe("CAPTION_TEXT ideal customers by channel");
    // original positions survive removal (index 9 in the notebook)
    expect(byId["figure"].index).toBe(9);
  });

  it("noInput removes every code input; showParameters keeps parameters cells", async () => {
    const notebook = await readNotebook(tagsPath);
    const noInput = preprocess(notebook, { noInput: true, showParameters: true });
    expect(noInput.cells.filter((cell) => cell.cell_type === "code").every((cell) => cell.view.input === "removed")).toBe(true);
    expect(noInput.cells.map((cell) => cell.id)).toContain("params");
    expect(noInput.cells.map((cell) => cell.id)).toContain("injected");
  });
});
