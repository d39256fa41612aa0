/**
 * The nbformat 4 schema (nbformat/v4/nbformat.v4.5.schema.json) as one zod schema: cells are
 * markdown, code or raw; outputs are stream, display_data, execute_result or error; cell ids follow
 * the 4.5 pattern. It is lenient where Jupyter's own tools are (missing metadata, nbformat_minor or
 * execution_count get their defaults) and strict where a later stage would otherwise crash.
 *
 * Problems come out as {@link NotebookProblem}s: which cell (0-based index, id, type), which field,
 * and what is wrong; read.ts words them for the renderer and the runner.
 */
import { z } from "zod";
import type { MimeBundle } from "./types.js";

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

/** nbformat 4.5: 1-64 letters, digits, "-" or "_". */
const cellId = z
  .string()
  .regex(/^[a-zA-Z0-9-_]{1,64}$/, { message: "must be 1-64 letters, digits, - or _ (nbformat 4.5)" })
  .optional();

const cellSchema = z.discriminatedUnion("cell_type", [
  z.object({ id: cellId, cell_type: z.literal("markdown"), source: multiline, metadata: metadataSchema, attachments: z.record(mimeBundle).optional() }),
  z.object({
    id: cellId,
    cell_type: z.literal("code"),
    source: multiline,
    metadata: metadataSchema,
    outputs: z.array(outputSchema),
    execution_count: z.number().int().nullable().optional(),
  }),
  z.object({ id: cellId, cell_type: z.literal("raw"), source: multiline, metadata: metadataSchema, attachments: z.record(mimeBundle).optional() }),
]);

/** The whole notebook; parsing gives the normalised data (strings joined, defaults filled). */
export const notebookSchema = z.object({
  nbformat: z.unknown().superRefine((value, context) => {
    if (value !== 4) context.addIssue({ code: z.ZodIssueCode.custom, message: `nbformat is ${JSON.stringify(value)}, expected 4 (only nbformat 4 notebooks are supported)` });
  }),
  nbformat_minor: z.number().int().nonnegative().default(0),
  metadata: z.record(z.unknown()).default({}),
  cells: z.array(cellSchema),
});

export type ParsedNotebook = z.infer<typeof notebookSchema>;

/** One thing wrong with a notebook, located. */
export interface NotebookProblem {
  /** 0-based index of the cell, when the problem is inside one (messages say `cellIndex + 1`). */
  cellIndex?: number;
  /** How many cells the notebook has, when the problem is inside one ("cell 3 of 12"). */
  cellCount?: number;
  /** The cell's id and type as written, when they are strings. */
  cellId?: string;
  cellType?: string;
  /** Path inside the cell (["outputs", 1, "data"]) or the notebook (["nbformat"]). */
  path: Array<string | number>;
  message: string;
  /** True when the field is missing altogether (zod "Required"). */
  missing: boolean;
  /** What the field should be (zod's expected type), when it has the wrong type. */
  expected?: string;
}

/** zod issues -> located problems, reading the cell's id/type from the raw JSON. */
export function notebookProblems(raw: unknown, error: z.ZodError): NotebookProblem[] {
  return error.issues.map((issue) => {
    const missing = issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined";
    const expected = issue.code === z.ZodIssueCode.invalid_type ? String(issue.expected) : undefined;
    const [head, cellIndex, ...rest] = issue.path;
    if (head !== "cells" || typeof cellIndex !== "number") return { path: issue.path, message: issue.message, missing, expected };
    const rawCell = (raw as { cells: unknown[] }).cells[cellIndex] as { id?: unknown; cell_type?: unknown } | null;
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const cellCount = (raw as { cells: unknown[] }).cells.length;
    return { cellIndex, cellCount, cellId: text(rawCell?.id), cellType: text(rawCell?.cell_type), path: rest, message: issue.message, missing, expected };
  });
}
