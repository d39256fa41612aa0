import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { RenderError } from "../../src/errors/index.js";
import { notebookLanguage, parseNotebook, readNotebook } from "../../src/render/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");

describe("readNotebook", () => {
  it("reads an nbformat 4.4 notebook without cell ids and joins multiline strings", async () => {
    const notebook = await readNotebook(join(fixtures, "python-nbformat44.ipynb"));
    expect(notebook.cells).toHaveLength(2);
    // cells without ids get cell-<index> so templates can still address them
    expect(notebook.cells.map((cell) => cell.id)).toEqual(["cell-0", "cell-1"]);
    expect(notebook.cells[0].source).toBe("# A Python notebook\n\nWritten by someone else.");
    expect(notebook.cells[1].outputs[0]).toEqual({ output_type: "stream", name: "stdout", text: "3.141592653589793\n" });
    expect(notebookLanguage(notebook)).toBe("python");
  });

  it("keeps JSON mime data as objects and text mime data joined", async () => {
    const notebook = await readNotebook(join(fixtures, "all-outputs.ipynb"));
    const json = notebook.cells.find((cell) => cell.id === "json-out")!.outputs[0];
    expect(json.output_type === "display_data" && json.data["application/json"]).toEqual({ kpi: "JSON_OUT", share: 0.25 });
    expect(notebookLanguage(notebook)).toBe("typescript");
  });

  const malformed: Array<[string, RegExp]> = [
    ["not-json.ipynb", /not-json\.ipynb: not valid JSON: .* at line 1, column 3$/],
    ["nbformat3.ipynb", /only nbformat 4 notebooks are supported/],
    ["bad-cell-type.ipynb", /cell 2 of 2 \(id p\): cell_type: .*'markdown' \| 'code' \| 'raw'/],
    ["bad-output.ipynb", /cell 3 of 3 \(id c3\): outputs\[1\]\.data: Required/],
    ["bad-tags.ipynb", /cell 1 of 1 \(id t\): metadata: metadata\.tags must be a list of strings/],
  ];
  for (const [file, message] of malformed) {
    it(`reports what is wrong with malformed/${file}`, async () => {
      const error = await readNotebook(join(fixtures, "malformed", file)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RenderError);
      expect((error as RenderError).message).toMatch(message);
    });
  }

  it("rejects a value that is not a notebook object", () => {
    expect(() => parseNotebook([1, 2])).toThrow(/not a notebook/);
  });

  it("names a missing file", async () => {
    await expect(readNotebook(join(fixtures, "nope.ipynb"))).rejects.toThrow(/cannot read notebook .*nope\.ipynb/);
  });
});
