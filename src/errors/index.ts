/**
 * One typed error class per family (data, parameter, kernel, run, render, report), each carrying the
 * context a user needs to act: file/row/column for data, cell for kernels and runs, template and line
 * for renders. The CLI prints `error.message` and maps the family to an exit code; nothing in
 * icp-lab throws a bare string.
 */

/** Base class: a family name plus structured context for programmatic handling. */
export class IcpError extends Error {
  readonly family: string;
  readonly context: Record<string, unknown>;
  constructor(family: string, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.family = family;
    this.context = context;
  }
}

/** Where a data problem is: `file` and 1-based data `row` (header not counted) and `column`. */
export interface DataProblemLocation {
  file?: string;
  table?: string;
  row?: number;
  column?: string;
}

/** One problem found in input data: where it is, the offending value and what was expected. */
export interface DataProblem extends DataProblemLocation {
  kind: string;
  value?: string;
  expected?: string;
  message: string;
}

/** Input data could not be loaded or failed validation; `problems` lists every problem found (capped). */
export class DataError extends IcpError {
  readonly problems: DataProblem[];
  constructor(message: string, problems: DataProblem[] = [], context: Record<string, unknown> = {}) {
    super("data", message, context);
    this.problems = problems;
  }
}

/** A parameter (option, threshold, notebook parameter) has an unknown name or a bad value. */
export class ParameterError extends IcpError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("parameter", message, context);
  }
}

/** The Jupyter kernel failed to start, died, timed out or broke the protocol. */
export class KernelError extends IcpError {
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super("kernel", message, context, options);
  }
}

/** A notebook cell failed during a run; `cellIndex`, `cellId`, `ename`, `evalue`, `traceback` in context. */
export class CellExecutionError extends IcpError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("run", message, context);
  }
}

/** A notebook or template could not be rendered (malformed notebook, template error with file and line). */
export class RenderError extends IcpError {
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super("render", message, context, options);
  }
}

/** A templated report could not be produced (bad template.json, missing previous quarter, ...). */
export class ReportError extends IcpError {
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super("report", message, context, options);
  }
}

/** Usage errors exit 2, everything else 1 (see the CLI). */
export function exitCodeFor(error: unknown): 1 | 2 {
  return error instanceof ParameterError ? 2 : 1;
}
