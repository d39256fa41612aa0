/**
 * The seam between the protocol layer and the language engine. The protocol layer (server.ts)
 * knows nothing of TypeScript: it hands code to an `Engine` and turns what comes back (streams,
 * displays, a result bundle or an error) into Jupyter messages. Tests drive the server with a fake
 * engine and the engine without sockets.
 */
import type { DisplayPayload, MimeBundle } from "../display/index.js";

/** Where a running cell's side outputs go (the server binds these to iopub for the request). */
export interface CellOutputs {
  stream(name: "stdout" | "stderr", text: string): void;
  display(payload: DisplayPayload, options: { displayId?: string; update: boolean }): void;
  clearOutput(wait: boolean): void;
  /**
   * Ask the frontend for a line of input (stdin channel); rejects when the request did not allow
   * stdin, and when `signal` aborts (the cell was interrupted).
   */
  input(prompt: string, options: { password: boolean; signal?: AbortSignal }): Promise<string>;
}

/** A failed cell or expression, as Jupyter's `error` message wants it. */
export interface EngineError {
  status: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * The outcome of a cell: ok with the last expression's bundle (if any) and its output metadata (e.g. the
 * renderer's mark on a chart's SVG, as `show()` gives it), or an error.
 */
export type ExecuteOutcome = { status: "ok"; result?: MimeBundle; resultMetadata?: Record<string, unknown>; payload?: PagePayload[] } | EngineError;

/** A pager payload (`?name` help): shown by the frontend in its pager, not as cell output. */
export interface PagePayload {
  source: "page";
  data: MimeBundle;
  start: number;
}

/** Completion matches replacing `code.slice(cursorStart, cursorEnd)` (UTF-16 offsets). */
export interface CompletionResult {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

export interface InspectionResult {
  found: boolean;
  data: MimeBundle;
}

export interface IsCompleteResult {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/** What kernel_info_reply says about the language. */
export interface LanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  pygments_lexer?: string;
  codemirror_mode?: string | Record<string, unknown>;
}

/** A language engine: executes cells and answers editor questions. Offsets are UTF-16. */
export interface Engine {
  readonly languageInfo: LanguageInfo;
  readonly banner: string;
  execute(code: string, outputs: CellOutputs): Promise<ExecuteOutcome>;
  /** Evaluate an expression for `user_expressions` (no outputs, no history). */
  evaluate(expression: string): Promise<{ status: "ok"; data: MimeBundle } | EngineError>;
  complete(code: string, cursor: number): CompletionResult;
  inspect(code: string, cursor: number, detailLevel: number): InspectionResult;
  isComplete(code: string): IsCompleteResult;
  /** Stop the running cell (async waits and registered interrupt handlers, e.g. DuckDB queries). */
  interrupt(): void;
  /** Stop running work (queries included) and release the engine; the server awaits it before exiting. */
  close(): void | Promise<void>;
}
