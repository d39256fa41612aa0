/**
 * The runner's view of an nbformat 4 notebook: checked on read by the reader shared with the
 * renderer (src/nbformat), kept as it was (metadata, multiline source arrays, unknown fields) so the
 * executed notebook differs from its input only in outputs, execution counts, timing metadata and
 * the injected-parameters cell. Notebooks older than 4.5 get cell ids on write (as nbformat's
 * validator normalises them), because injected cells need one.
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { checkNotebook, readNotebookJson, type IpynbCell, type IpynbNotebook } from "../nbformat/index.js";

export type { IpynbMultiline, IpynbOutput, IpynbCell, IpynbNotebook } from "../nbformat/index.js";

/**
 * Check that `raw` is an nbformat 4 notebook (the schema shared with the renderer); throws
 * RenderError naming the cell and field. The notebook comes back as written.
 *
 * @example
 * const notebook = validateIpynb(JSON.parse(text), "analysis.ipynb");
 */
export function validateIpynb(raw: unknown, path = "<notebook>"): IpynbNotebook {
  return checkNotebook(raw, path);
}

/**
 * Read and validate an `.ipynb` file.
 *
 * @example
 * const notebook = await readIpynb("templates/quarterly/analysis.ipynb");
 */
export async function readIpynb(path: string): Promise<IpynbNotebook> {
  return checkNotebook(await readNotebookJson(path), path);
}

/**
 * Write a notebook as Jupyter does: 1-space indented JSON, keys as given, trailing newline.
 *
 * @example
 * await writeIpynb("out.ipynb", executed);
 */
export async function writeIpynb(path: string, notebook: IpynbNotebook): Promise<void> {
  await writeFile(path, `${JSON.stringify(notebook, null, 1)}\n`, "utf8");
}

/** A cell's source as one string. */
export function cellSourceText(cell: IpynbCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** The first non-blank line of a cell, trimmed and cut to `maxChars` (for messages and progress). */
export function cellFirstLine(cell: IpynbCell, maxChars = 60): string {
  const line = cellSourceText(cell).split("\n").find((text) => text.trim() !== "")?.trim() ?? "";
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/** A fresh nbformat cell id (8 random hex characters, as nbformat's `random_cell_id`). */
export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

/** Split text into nbformat's list-of-lines form (each line keeps its "\n"). */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A deep copy prepared for execution: outputs and execution counts cleared (so cells a failed run
 * never reached do not show stale results), and every cell given an id (nbformat 4.5).
 */
export function prepareForRun(notebook: IpynbNotebook): IpynbNotebook {
  const copy = structuredClone(notebook);
  copy.nbformat_minor = Math.max(copy.nbformat_minor, 5);
  for (const cell of copy.cells) {
    cell.id ??= newCellId();
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return copy;
}

/** True when the cell carries the metadata tag `tag`. */
export function hasTag(cell: IpynbCell, tag: string): boolean {
  return Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);
}
