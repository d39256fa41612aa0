/**
 * Cell failures as Jupyter `error` content (ename, evalue, traceback): TypeScript diagnostics,
 * thrown values, and interrupts. Stack frames inside the kernel and tslab are dropped: the analyst
 * only needs the frames of their own code and libraries.
 */
import type { EngineError } from "./engine.js";

/** Frames that belong to the kernel machinery, not to the analyst's code. */
const INTERNAL_FRAME = /\(node:|node:internal|\/tslab\/dist\/|\/dist\/kernel\/|\/src\/kernel\/|node_modules\/vitest/;

/**
 * A type-check failure: ename "TypeScriptError", evalue the first diagnostic, one traceback line each.
 * @example
 * diagnosticError(["1:1 - Cannot find name 'x'."]).evalue // "1:1 - Cannot find name 'x'."
 */
export function diagnosticError(diagnostics: string[]): EngineError {
  return { status: "error", ename: "TypeScriptError", evalue: diagnostics[0] ?? "type check failed", traceback: diagnostics };
}

/**
 * An interrupted cell: ename "Interrupted", with what was stopped when known.
 * @example
 * interruptError().evalue // "the cell was interrupted"
 */
export function interruptError(detail?: string): EngineError {
  const evalue = detail ? `the cell was interrupted: ${detail}` : "the cell was interrupted";
  return { status: "error", ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`] };
}

/**
 * A thrown value (or an interrupt) as an error: the Error's name and message, and its stack
 * without kernel frames; non-Errors (`throw "x"`) get ename "Uncaught".
 * @example
 * runtimeError(new RangeError("bad"), false).ename // "RangeError"
 */
export function runtimeError(thrown: unknown, interrupted: boolean): EngineError {
  if (interrupted) return interruptError();
  if (thrown instanceof Error || (typeof thrown === "object" && thrown !== null && "message" in thrown && "stack" in thrown)) {
    const error = thrown as Error;
    const ename = error.name || error.constructor?.name || "Error";
    const stack = typeof error.stack === "string" ? error.stack.split("\n") : [];
    // The stack's first lines repeat "Name: message" (possibly multi-line); keep frames outside the kernel.
    const frames = stack.filter((line) => /^\s+at /.test(line) && !INTERNAL_FRAME.test(line));
    return { status: "error", ename, evalue: error.message, traceback: [`${ename}: ${error.message}`, ...frames] };
  }
  const evalue = typeof thrown === "string" ? thrown : String(thrown);
  return { status: "error", ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
}
