/**
 * The runner's view of an nbformat 4 notebook: checked on read, kept as it was (metadata, multiline
 * source arrays, unknown fields) so the executed notebook differs from its input only in outputs,
 * execution counts, timing metadata and the injected-parameters cell. The checks follow the nbformat
 * 4.5 JSON schema (nbformat/v4/nbformat.v4.5.schema.json): top-level keys, cell types, code-cell
 * fields, output types. Notebooks older than 4.5 get cell ids on write (as nbformat's validator
 * normalises them), because injected cells need one.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { RenderError } from "../errors/index.js";

/** A multiline string as nbformat stores it: one string, or lines each ending with "\n". */
export type IpynbMultiline = string | string[];

/** One output of a code cell (nbformat 4 output types). */
export type IpynbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: IpynbMultiline }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell; markdown/raw cells have no outputs or execution_count. */
export interface IpynbCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: IpynbMultiline;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: IpynbOutput[];
  execution_count?: number | null;
  [extra: string]: unknown;
}

/** An nbformat 4 notebook. */
export interface IpynbNotebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string };
  };
  cells: IpynbCell[];
}

const CELL_TYPES = new Set(["code", "markdown", "raw"]);
const OUTPUT_TYPES = new Set(["stream", "display_data", "execute_result", "error"]);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isMultiline = (value: unknown): boolean => typeof value === "string" || (Array.isArray(value) && value.every((line) => typeof line === "string"));

/**
 * Check that `raw` is an nbformat 4 notebook; throws RenderError naming the cell and field.
 *
 * @example
 * const notebook = validateIpynb(JSON.parse(text), "analysis.ipynb");
 */
export function validateIpynb(raw: unknown, path = "<notebook>"): IpynbNotebook {
  const fail = (what: string, context: Record<string, unknown> = {}): never => {
    throw new RenderError(`${path}: not a valid nbformat 4 notebook: ${what}`, { path, ...context });
  };
  if (!isObject(raw)) return fail("expected a JSON object");
  if (raw.nbformat !== 4) fail(`nbformat is ${JSON.stringify(raw.nbformat)}, expected 4`);
  if (typeof raw.nbformat_minor !== "number") fail("nbformat_minor missing");
  if (!isObject(raw.metadata)) fail("metadata missing");
  if (!Array.isArray(raw.cells)) return fail("cells missing");
  raw.cells.forEach((cell: unknown, cellIndex: number) => {
    const where = `cell ${cellIndex}`;
    if (!isObject(cell)) return fail(`${where} is not an object`, { cellIndex });
    if (!CELL_TYPES.has(String(cell.cell_type))) fail(`${where} has cell_type ${JSON.stringify(cell.cell_type)}`, { cellIndex });
    if (!isMultiline(cell.source)) fail(`${where} source is not a string or list of strings`, { cellIndex });
    if (!isObject(cell.metadata)) fail(`${where} metadata missing`, { cellIndex });
    if (cell.id !== undefined && (typeof cell.id !== "string" || !/^[a-zA-Z0-9-_]{1,64}$/.test(cell.id))) fail(`${where} id ${JSON.stringify(cell.id)} is invalid`, { cellIndex });
    if (cell.cell_type !== "code") return;
    if (!Array.isArray(cell.outputs)) fail(`${where} (code) has no outputs list`, { cellIndex });
    if (cell.execution_count !== null && typeof cell.execution_count !== "number") fail(`${where} (code) execution_count must be a number or null`, { cellIndex });
    (cell.outputs as unknown[]).forEach((output, outputIndex) => {
      if (!isObject(output) || !OUTPUT_TYPES.has(String(output.output_type))) fail(`${where} output ${outputIndex} has no valid output_type`, { cellIndex });
    });
  });
  return raw as unknown as IpynbNotebook;
}

/**
 * Read and validate an `.ipynb` file.
 *
 * @example
 * const notebook = await readIpynb("templates/quarterly/analysis.ipynb");
 */
export async function readIpynb(path: string): Promise<IpynbNotebook> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RenderError(`cannot read notebook ${path}: ${(error as Error).message}`, { path }, { cause: error });
  }
  try {
    return validateIpynb(JSON.parse(text), path);
  } catch (error) {
    if (error instanceof SyntaxError) throw new RenderError(`${path}: not valid JSON: ${error.message}`, { path }, { cause: error });
    throw error;
  }
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
