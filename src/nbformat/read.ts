/**
 * Reading nbformat 4 notebooks: one file read, one JSON parse, one schema check (schema.ts), and
 * two results — the normalised notebook the renderer uses, or the notebook as written, which the
 * runner executes and writes back. A malformed notebook is a RenderError naming the cell and the
 * field, never a crash in a later stage.
 */
import { readFile } from "node:fs/promises";
import { parse as parseLenient, type ParseError } from "jsonc-parser";
import { RenderError } from "../errors/index.js";
import { notebookProblems, notebookSchema, type NotebookProblem, type ParsedNotebook } from "./schema.js";
import type { IpynbCell, IpynbNotebook, NotebookCell, NotebookDocument, NotebookOutput } from "./types.js";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const fieldPath = (path: Array<string | number>) => path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("").replace(/^\./, "");

/** A notebook-level problem: "metadata: Expected object", or the message alone when it names its field. */
function describeNotebookLevel(problem: NotebookProblem): string {
  const where = fieldPath(problem.path);
  return !where || problem.message.startsWith(where) ? problem.message : `${where}: ${problem.message}`;
}

/**
 * Where a problem is, as every user-facing message names a cell (the runner's progress does too):
 * 1-based number, the notebook's cell count, and the id — "cell 3 of 12 (id c3)"; the cell type
 * when the cell has no id.
 */
function cellPlace(problem: NotebookProblem & { cellIndex: number }): string {
  const count = problem.cellCount !== undefined ? ` of ${problem.cellCount}` : "";
  const label = problem.cellId !== undefined ? ` (id ${problem.cellId})` : problem.cellType ? ` (${problem.cellType})` : "";
  return `cell ${problem.cellIndex + 1}${count}${label}`;
}

/**
 * A problem as the renderer words it: the cell, then the field as a JSON path —
 * "cell 3 of 4 (id c3): outputs[1].data: Required".
 */
export function describeProblem(problem: NotebookProblem): string {
  if (problem.cellIndex === undefined) return describeNotebookLevel(problem);
  const where = fieldPath(problem.path);
  return `${cellPlace({ ...problem, cellIndex: problem.cellIndex })}: ${where ? `${where}: ` : ""}${problem.message}`;
}

/**
 * A problem as the runner words it (outputs numbered from 1, like cells): "cell 1 of 3 (code) has
 * no outputs list", "cell 3 of 4 (id c3) output 2 data: Required".
 */
export function describeProblemForRun(problem: NotebookProblem): string {
  if (problem.cellIndex === undefined) return describeNotebookLevel(problem);
  const cell = cellPlace({ ...problem, cellIndex: problem.cellIndex });
  const [field, outputIndex, ...inOutput] = problem.path;
  if (field === "outputs" && typeof outputIndex === "number") return `${cell} output ${outputIndex + 1}${inOutput.length ? ` ${fieldPath(inOutput)}` : ""}: ${problem.message}`;
  if (problem.missing && problem.path.length === 1) return `${cell} has no ${String(field)}${problem.expected === "array" ? " list" : ""}`;
  return `${cell} ${fieldPath(problem.path) || "cell"}: ${problem.message}`;
}

/**
 * JSON.parse's message with the line and column of the error: V8 says "at position 66", which no
 * editor shows, or (for an unexpected token) gives no place at all — then jsonc-parser, which reports
 * every error's offset, finds it.
 *
 * @example
 * jsonErrorMessage("Unexpected token '{', ...", '{\n  "metadata" {}\n}') // "Unexpected token '{' at line 2, column 14"
 */
export function jsonErrorMessage(message: string, text: string): string {
  const position = /\bat position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : firstErrorOffset(text);
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  // V8 follows the token with an excerpt of the text (over several lines): the line and column say it better.
  const what = message.replace(/\s*(in JSON )?at position \d+[\s\S]*$/, "").replace(/^(Unexpected token '[^']*'),[\s\S]*$/, "$1");
  return `${what} at line ${line}, column ${column}`;
}

function firstErrorOffset(text: string): number | undefined {
  const errors: ParseError[] = [];
  parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false });
  return errors[0]?.offset;
}

function notAnObject(path: string | undefined): RenderError {
  return new RenderError(`${path ? `${path}: ` : ""}not a notebook: expected a JSON object with nbformat, metadata and cells`, { path });
}

/** Check `raw` against the schema; the problems (all of them, in order) when it does not fit. */
function check(raw: unknown): { data: ParsedNotebook; problems?: undefined } | { data?: undefined; problems: NotebookProblem[] } {
  const result = notebookSchema.safeParse(raw);
  return result.success ? { data: result.data } : { problems: notebookProblems(raw, result.error) };
}

/**
 * Validate a parsed notebook JSON value (nbformat 4) and normalise it (the renderer's view).
 *
 * @param raw the parsed JSON
 * @param path where it came from, for error messages
 * @throws RenderError "PATH: malformed notebook: cell 3 of 4 (id c3): outputs[1].data: Required"
 * @example
 * const notebook = parseNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
 */
export function parseNotebook(raw: unknown, path?: string): NotebookDocument {
  if (!isObject(raw)) throw notAnObject(path);
  const { data, problems } = check(raw);
  if (problems) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
    throw new RenderError(`${path ? `${path}: ` : ""}malformed notebook: ${describeProblem(first)}${more}`, { path, cellIndex: first.cellIndex, problems });
  }
  const cells: NotebookCell[] = data.cells.map((cell, index) => ({
    id: cell.id ?? `cell-${index}`,
    cell_type: cell.cell_type,
    source: cell.source,
    metadata: cell.metadata as NotebookCell["metadata"],
    outputs: cell.cell_type === "code" ? (cell.outputs as NotebookOutput[]) : [],
    execution_count: cell.cell_type === "code" ? (cell.execution_count ?? null) : null,
    attachments: cell.cell_type === "code" ? {} : (cell.attachments ?? {}),
  }));
  return { nbformat: 4, nbformat_minor: data.nbformat_minor, metadata: data.metadata, cells, path };
}

/**
 * Validate a parsed notebook JSON value and return it as written (the runner's view): source arrays,
 * key order and unknown fields are kept; only fields nbformat requires and the notebook left out
 * are added with their defaults (metadata `{}`, nbformat_minor 0, a code cell's execution_count null).
 *
 * @throws RenderError "PATH: not a valid nbformat 4 notebook: cell 1 of 3 (code) has no outputs list"
 * @example
 * const notebook = checkNotebook(JSON.parse(text), "analysis.ipynb");
 */
export function checkNotebook(raw: unknown, path = "<notebook>"): IpynbNotebook {
  if (!isObject(raw)) throw notAnObject(path);
  const { problems } = check(raw);
  if (problems) {
    const [first] = problems;
    throw new RenderError(`${path}: not a valid nbformat 4 notebook: ${describeProblemForRun(first)}`, { path, cellIndex: first.cellIndex, problems });
  }
  const cells = (raw.cells as IpynbCell[]).map((cell) => {
    const filled: IpynbCell = { ...cell, metadata: cell.metadata ?? {} };
    if (cell.cell_type === "code") filled.execution_count = cell.execution_count ?? null;
    return filled;
  });
  return { ...raw, nbformat: 4, nbformat_minor: typeof raw.nbformat_minor === "number" ? raw.nbformat_minor : 0, metadata: isObject(raw.metadata) ? raw.metadata : {}, cells } as IpynbNotebook;
}

/**
 * Read an `.ipynb` file and parse its JSON (not yet checked).
 *
 * @throws RenderError "cannot read notebook PATH: ..." or "PATH: not valid JSON: ... at line 4, column 5"
 */
export async function readNotebookJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RenderError(`cannot read notebook ${path}: ${(error as Error).message}`, { path }, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RenderError(`${path}: not valid JSON: ${jsonErrorMessage((error as Error).message, text)}`, { path }, { cause: error });
  }
}

/**
 * Read an `.ipynb` file, validate and normalise it (see {@link parseNotebook}).
 *
 * @example
 * const notebook = await readNotebook("analysis.ipynb");
 * console.log(notebook.cells.length);
 */
export async function readNotebook(path: string): Promise<NotebookDocument> {
  return parseNotebook(await readNotebookJson(path), path);
}

/** The notebook's programming language (for highlighting), from language_info or the kernelspec. */
export function notebookLanguage(notebook: { metadata: Record<string, unknown> }): string {
  const languageInfo = notebook.metadata.language_info as { name?: unknown } | undefined;
  const kernelspec = notebook.metadata.kernelspec as { language?: unknown } | undefined;
  const name = languageInfo?.name ?? kernelspec?.language;
  return typeof name === "string" && name ? name.toLowerCase() : "text";
}
