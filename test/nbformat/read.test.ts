import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { RenderError } from "../../src/errors/index.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
    // both name the cell the same way as run failures do: 1-based, of the cell count, with its id
    expect((forRender as Error).message).toMatch(/bad-output\.ipynb: malformed notebook: cell 3 of 3 \(id c3\): outputs\[1\]\.data: Required/);
    expect((forRun as Error).message).toMatch(/bad-output\.ipynb: not a valid nbformat 4 notebook: cell 3 of 3 \(id c3\) output 2 data: Required/);
    expect((forRender as RenderError).context.cellIndex).toBe(2);
    expect((forRun as RenderError).context.cellIndex).toBe(2);
  });

  it("says where a file is not valid JSON by line and column, not by character offset", async () => {
    const folder = mkdtempSync(join(tmpdir(), "icp-nbformat-"));
    const broken = join(folder, "broken.ipynb");
    // line 4: "metadata" is missing its colon; column 14 is the "{" that came instead
    writeFileSync(broken, '{\n  "nbformat": 4,\n  "nbformat_minor": 5,\n  "metadata" {},\n  "cells": []\n}\n');
    await expect(readNotebookJson(broken)).rejects.toThrow(/broken\.ipynb: not valid JSON: Unexpected token '\{' at line 4, column 14$/);
    const trailing = join(folder, "trailing.ipynb");
    writeFileSync(trailing, '{\n  "nbformat": 4,\n  "cells": []\n}\n}');
    await expect(readNotebookJson(trailing)).rejects.toThrow(/trailing\.ipynb: not valid JSON: Unexpected non-whitespace character after JSON at line 5, column 1$/);
    const cut = join(folder, "cut.ipynb");
    writeFileSync(cut, '{\n  "nbformat": 4,\n  "cells": [');
    await expect(readNotebookJson(cut)).rejects.toThrow(/cut\.ipynb: not valid JSON: Unexpected end of JSON input at line 3, column 13$/);
  });

  it("checks nbformat 4.5 cell ids in both views", () => {
    const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ id: "has space", cell_type: "markdown", source: "x", metadata: {} }] };
    expect(() => parseNotebook(notebook)).toThrow(/cell 1 of 1 \(id has space\): id: must be 1-64 letters, digits, - or _/);
    expect(() => checkNotebook(notebook)).toThrow(/cell 1 of 1 \(id has space\) id: must be 1-64 letters/);
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
