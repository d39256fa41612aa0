/**
 * Reading nbformat 4 notebooks: one file read, one JSON parse, one schema check (schema.ts), and
 * two results — the normalised notebook the renderer uses, or the notebook as written, which the
 * runner executes and writes back. A malformed notebook is a RenderError naming the cell and the
 * field, never a crash in a later stage.
 */
import { readFile } from "node:fs/promises";
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
 * A problem as the renderer words it: 1-based cell number and id, then the field —
 * "cell 3 (id c3): outputs[1].data: Required".
 */
export function describeProblem(problem: NotebookProblem): string {
  if (problem.cellIndex === undefined) return describeNotebookLevel(problem);
  const where = fieldPath(problem.path);
  const idPart = problem.cellId !== undefined ? ` (id ${problem.cellId})` : "";
  return `cell ${problem.cellIndex + 1}${idPart}: ${where ? `${where}: ` : ""}${problem.message}`;
}

/**
 * A problem as the runner words it (its messages name cells by 0-based index, as its progress
 * events do): "cell 0 (code) has no outputs list", "cell 2 output 1 output_type: ...".
 */
export function describeProblemForRun(problem: NotebookProblem): string {
  if (problem.cellIndex === undefined) return describeNotebookLevel(problem);
  const cell = `cell ${problem.cellIndex}`;
  const [field, outputIndex, ...inOutput] = problem.path;
  if (field === "outputs" && typeof outputIndex === "number") return `${cell} output ${outputIndex}${inOutput.length ? ` ${fieldPath(inOutput)}` : ""}: ${problem.message}`;
  const typed = problem.cellType ? `${cell} (${problem.cellType})` : cell;
  if (problem.missing && problem.path.length === 1) return `${typed} has no ${String(field)}${problem.expected === "array" ? " list" : ""}`;
  return `${typed} ${fieldPath(problem.path) || "cell"}: ${problem.message}`;
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
 * @throws RenderError "PATH: malformed notebook: cell 3 (id c3): outputs[1].data: Required"
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
 * @throws RenderError "PATH: not a valid nbformat 4 notebook: cell 0 (code) has no outputs list"
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
 * @throws RenderError "cannot read notebook PATH: ..." or "PATH: not valid JSON: ..."
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
    throw new RenderError(`${path}: not valid JSON: ${(error as Error).message}`, { path }, { cause: error });
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
