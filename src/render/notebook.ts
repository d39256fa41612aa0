/**
 * Stage 1 of the renderer: read and validate an nbformat 4 notebook.
 *
 * The schema follows nbformat 4's JSON schema (nbformat/v4/nbformat.v4.schema.json): cells are
 * markdown, code or raw; outputs are stream, display_data, execute_result or error. Multiline
 * strings (`string | string[]`) are joined once here so later stages only see strings. A malformed
 * notebook becomes a RenderError that says which cell and what is wrong, never a crash later on.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { RenderError } from "../errors/index.js";

/** A mime bundle: mime type -> data (text is joined; JSON mime types keep their object). */
export type MimeBundle = Record<string, unknown>;

/** `stream` output: text printed to stdout/stderr. */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}

/** `display_data` / `execute_result` output: one mime bundle, shown as its richest known type. */
export interface DataOutput {
  output_type: "display_data" | "execute_result";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}

/** `error` output: exception name, value and an ANSI-coloured traceback. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type NotebookOutput = StreamOutput | DataOutput | ErrorOutput;

/** One cell; `source` is joined, `outputs` is empty for markdown/raw cells. */
export interface NotebookCell {
  /** nbformat >= 4.5 cell id; older notebooks get `cell-<index>` so templates can still address cells. */
  id: string;
  cell_type: "markdown" | "code" | "raw";
  source: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs: NotebookOutput[];
  execution_count: number | null;
  /** Markdown cell attachments: file name -> mime bundle (referenced as `attachment:NAME`). */
  attachments: Record<string, MimeBundle>;
}

/** A validated nbformat 4 notebook. */
export interface NotebookDocument {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  /** Where it was read from, when it came from a file (used for error messages and default titles). */
  path?: string;
}

const multiline = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value.join("") : value));

/** Text mime data is joined; JSON mime data (objects) is kept as is. */
const mimeBundle = z.record(z.unknown()).transform((bundle) => {
  const joined: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    joined[mime] = Array.isArray(value) && value.every((line) => typeof line === "string") && !mime.endsWith("json") ? value.join("") : value;
  }
  return joined;
});

const outputSchema = z.discriminatedUnion("output_type", [
  z.object({ output_type: z.literal("stream"), name: z.enum(["stdout", "stderr"]), text: multiline }),
  z.object({
    output_type: z.literal("display_data"),
    data: mimeBundle,
    metadata: z.record(z.unknown()).default({}),
  }),
  z.object({
    output_type: z.literal("execute_result"),
    data: mimeBundle,
    metadata: z.record(z.unknown()).default({}),
    execution_count: z.number().int().nullable().optional(),
  }),
  z.object({ output_type: z.literal("error"), ename: z.string(), evalue: z.string(), traceback: z.array(z.string()) }),
]);

const metadataSchema = z
  .record(z.unknown())
  .default({})
  .refine((metadata) => metadata.tags === undefined || (Array.isArray(metadata.tags) && metadata.tags.every((tag) => typeof tag === "string")), {
    message: "metadata.tags must be a list of strings",
  });

const cellSchema = z.discriminatedUnion("cell_type", [
  z.object({
    id: z.string().optional(),
    cell_type: z.literal("markdown"),
    source: multiline,
    metadata: metadataSchema,
    attachments: z.record(mimeBundle).optional(),
  }),
  z.object({
    id: z.string().optional(),
    cell_type: z.literal("code"),
    source: multiline,
    metadata: metadataSchema,
    outputs: z.array(outputSchema),
    execution_count: z.number().int().nullable().optional(),
  }),
  z.object({
    id: z.string().optional(),
    cell_type: z.literal("raw"),
    source: multiline,
    metadata: metadataSchema,
    attachments: z.record(mimeBundle).optional(),
  }),
]);

const notebookSchema = z.object({
  nbformat: z.literal(4, { errorMap: () => ({ message: "only nbformat 4 notebooks are supported" }) }),
  nbformat_minor: z.number().int().nonnegative().default(0),
  metadata: z.record(z.unknown()).default({}),
  cells: z.array(cellSchema),
});

/** Turn zod's issue path (["cells", 3, "outputs", 0, "name"]) into "cell 4 (id x): outputs[0].name". */
function describeIssue(raw: unknown, issue: z.ZodIssue): { message: string; cellIndex?: number } {
  const [head, cellIndex, ...rest] = issue.path;
  if (head === "cells" && typeof cellIndex === "number") {
    const rawCell = (raw as { cells: Array<{ id?: unknown }> }).cells[cellIndex];
    const idPart = rawCell && typeof rawCell.id === "string" ? ` (id ${rawCell.id})` : "";
    const where = rest.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("").replace(/^\./, "");
    return { message: `cell ${cellIndex + 1}${idPart}: ${where ? `${where}: ` : ""}${issue.message}`, cellIndex };
  }
  return { message: `${issue.path.join(".") || "notebook"}: ${issue.message}` };
}

/**
 * Validate a parsed notebook JSON value (nbformat 4) and normalise it.
 *
 * @param raw the parsed JSON
 * @param path where it came from, for error messages
 * @throws RenderError naming the cell (1-based) and the field that is wrong
 * @example
 * const notebook = parseNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
 */
export function parseNotebook(raw: unknown, path?: string): NotebookDocument {
  const source = path ? `${path}: ` : "";
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new RenderError(`${source}not a notebook: expected a JSON object with nbformat, metadata and cells`, { path });
  }
  const result = notebookSchema.safeParse(raw);
  if (!result.success) {
    const first = describeIssue(raw, result.error.issues[0]);
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : "";
    throw new RenderError(`${source}malformed notebook: ${first.message}${more}`, { path, cellIndex: first.cellIndex, issues: result.error.issues });
  }
  const parsed = result.data;
  const cells: NotebookCell[] = parsed.cells.map((cell, index) => ({
    id: cell.id ?? `cell-${index}`,
    cell_type: cell.cell_type,
    source: cell.source,
    metadata: cell.metadata as NotebookCell["metadata"],
    outputs: cell.cell_type === "code" ? (cell.outputs as NotebookOutput[]) : [],
    execution_count: cell.cell_type === "code" ? (cell.execution_count ?? null) : null,
    attachments: cell.cell_type === "code" ? {} : (cell.attachments ?? {}),
  }));
  return { nbformat: 4, nbformat_minor: parsed.nbformat_minor, metadata: parsed.metadata, cells, path };
}

/**
 * Read an `.ipynb` file and validate it (see {@link parseNotebook}).
 *
 * @example
 * const notebook = await readNotebook("analysis.ipynb");
 * console.log(notebook.cells.length);
 */
export async function readNotebook(path: string): Promise<NotebookDocument> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RenderError(`cannot read notebook ${path}: ${(error as Error).message}`, { path }, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RenderError(`${path}: not valid JSON: ${(error as Error).message}`, { path }, { cause: error });
  }
  return parseNotebook(raw, path);
}

/** The notebook's programming language (for highlighting), from language_info or the kernelspec. */
export function notebookLanguage(notebook: NotebookDocument): string {
  const languageInfo = notebook.metadata.language_info as { name?: unknown } | undefined;
  const kernelspec = notebook.metadata.kernelspec as { language?: unknown } | undefined;
  const name = languageInfo?.name ?? kernelspec?.language;
  return typeof name === "string" && name ? name.toLowerCase() : "text";
}
