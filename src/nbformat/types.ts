/**
 * The two views of an nbformat 4 notebook that icp-lab works with:
 *
 * - the **normalised** view (`NotebookDocument`) the renderer reads: multiline strings joined, every
 *   cell with an id, outputs and attachments, defaults filled in;
 * - the **as-written** view (`IpynbNotebook`) the runner executes and writes back: multiline source
 *   arrays, key order and unknown fields kept, so an executed notebook differs from its input only
 *   in what the run changed.
 *
 * Both come out of the same schema check (schema.ts).
 */

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

/** A validated nbformat 4 notebook, normalised. */
export interface NotebookDocument {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
  /** Where it was read from, when it came from a file (used for error messages and default titles). */
  path?: string;
}

/** A multiline string as nbformat stores it: one string, or lines each ending with "\n". */
export type IpynbMultiline = string | string[];

/** One output of a code cell as written (nbformat 4 output types). */
export type IpynbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: IpynbMultiline }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell as written; markdown/raw cells have no outputs or execution_count. */
export interface IpynbCell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: IpynbMultiline;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: IpynbOutput[];
  execution_count?: number | null;
  [extra: string]: unknown;
}

/** An nbformat 4 notebook as written. */
export interface IpynbNotebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string };
  };
  cells: IpynbCell[];
}
