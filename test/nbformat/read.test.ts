import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { RenderError } from "../../src/errors/index.js";
import { checkNotebook, parseNotebook, readNotebook, readNotebookJson } from "../../src/nbformat/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");

describe("one nbformat reader for the runner and the renderer", () => {
  it("gives the renderer the normalised view and the runner the notebook as written, from the same file", async () => {
    const path = join(fixtures, "python-nbformat44.ipynb");
    const raw = await readNotebookJson(path);
    const asWritten = checkNotebook(structuredClone(raw), path);
    const normalised = await readNotebook(path);
    // the runner keeps nbformat's list-of-lines source; the renderer joins it once
    expect(Array.isArray(asWritten.cells[0].source)).toBe(true);
    expect((asWritten.cells[0].source as string[]).join("")).toBe(normalised.cells[0].source);
    expect(asWritten).toEqual(raw); // a valid notebook comes back unchanged, unknown fields and key order included
    expect(normalised.cells.map((cell) => cell.id)).toEqual(["cell-0", "cell-1"]);
  });

  it("rejects the same malformed notebook in both views, naming the cell", async () => {
    const path = join(fixtures, "malformed", "bad-output.ipynb");
    const raw = await readNotebookJson(path);
    const forRender = (() => { try { parseNotebook(raw, path); } catch (error) { return error; } })();
    const forRun = (() => { try { checkNotebook(raw, path); } catch (error) { return error; } })();
    expect(forRender).toBeInstanceOf(RenderError);
    expect(forRun).toBeInstanceOf(RenderError);
    // the renderer numbers cells from 1 with their id, the runner from 0 (as its progress events do)
    expect((forRender as Error).message).toMatch(/bad-output\.ipynb: malformed notebook: cell 3 \(id c3\): outputs\[1\]\.data: Required/);
    expect((forRun as Error).message).toMatch(/bad-output\.ipynb: not a valid nbformat 4 notebook: cell 2 output 1 data: Required/);
    expect((forRender as RenderError).context.cellIndex).toBe(2);
    expect((forRun as RenderError).context.cellIndex).toBe(2);
  });

  it("checks nbformat 4.5 cell ids in both views", () => {
    const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ id: "has space", cell_type: "markdown", source: "x", metadata: {} }] };
    expect(() => parseNotebook(notebook)).toThrow(/cell 1 \(id has space\): id: must be 1-64 letters, digits, - or _/);
    expect(() => checkNotebook(notebook)).toThrow(/cell 0 \(markdown\) id: must be 1-64 letters/);
  });

  it("fills in only what nbformat requires and the notebook left out, for the runner", () => {
    const sparse = { nbformat: 4, cells: [{ cell_type: "code", source: ["x\n", "y"], outputs: [] }, { cell_type: "markdown", source: "m", metadata: { tags: ["a"] }, extra: 1 }] };
    const checked = checkNotebook(sparse, "sparse.ipynb");
    expect(checked).toEqual({
      nbformat: 4,
      nbformat_minor: 0,
      metadata: {},
      cells: [
        { cell_type: "code", source: ["x\n", "y"], outputs: [], metadata: {}, execution_count: null },
        { cell_type: "markdown", source: "m", metadata: { tags: ["a"] }, extra: 1 },
      ],
    });
    expect(sparse).not.toHaveProperty("metadata"); // the input object is not changed
  });

  it("says what is wrong with a notebook that is not nbformat 4", () => {
    const v3 = { nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] };
    expect(() => parseNotebook(v3, "old.ipynb")).toThrow(/^old\.ipynb: malformed notebook: nbformat is 3, expected 4 \(only nbformat 4 notebooks are supported\) \(and 1 more problem/);
    expect(() => checkNotebook(v3, "old.ipynb")).toThrow(/^old\.ipynb: not a valid nbformat 4 notebook: nbformat is 3, expected 4/);
    expect(() => checkNotebook("text", "x.ipynb")).toThrow(/x\.ipynb: not a notebook: expected a JSON object/);
  });
});
