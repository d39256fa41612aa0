/**
 * `is_complete_request`: is this code ready to run? tslab's `isCompleteCode` knows "incomplete"
 * (the parser stopped at the very end expecting more); code that parses with errors elsewhere is
 * "invalid" (tslab says "complete" for it).
 */
import type { IsCompleteResult } from "./engine.js";

type TsModule = typeof import("@tslab/typescript-for-tslab");
type IsCompleteCode = (code: string) => { completed: boolean; indent?: string };

/**
 * Classify a cell as complete, incomplete (with the indent for the next line) or invalid.
 * @example
 * classifyCompleteness(ts, "function f() {", isCompleteCode) // { status: "incomplete", indent: "  " }
 * classifyCompleteness(ts, "let x = ;", isCompleteCode)      // { status: "invalid" }
 */
export function classifyCompleteness(ts: TsModule, code: string, isCompleteCode: IsCompleteCode): IsCompleteResult {
  const answer = isCompleteCode(code);
  if (!answer.completed) return { status: "incomplete", indent: answer.indent ?? "" };
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const problems = ((source as unknown as { parseDiagnostics?: { messageText: unknown }[] }).parseDiagnostics ?? []);
  if (problems.length === 0) return { status: "complete" };
  // An open template literal is a multi-line string still being typed, not a mistake.
  if (problems.some((p) => p.messageText === "Unterminated template literal.")) return { status: "incomplete", indent: "" };
  return { status: "invalid" };
}
