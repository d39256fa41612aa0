/**
 * The words of data problems: what each kind means, the message naming file, row (and line),
 * column, value and expectation, and the summary by kind. User-facing texts of the loaders live here.
 */
import { basename } from "node:path";
import type { DataProblem } from "../errors/index.js";
import type { ColumnType } from "./schema.js";

/** Kinds of problems the loaders report. */
export type LoadProblemKind =
  | "missing_file"
  | "unreadable_file"
  | "missing_table"
  | "missing_column"
  | "unparseable_value"
  | "malformed_row"
  | "null_required"
  | "duplicate_id"
  | "out_of_range"
  | "after_as_of"
  | "orphan_reference";

/** A DataProblem plus the file line (when the format has lines) for the data row. */
export interface LoadProblem extends DataProblem {
  /** 1-based file line of the row (CSV: row + 1 for the header; NDJSON: the row). */
  line?: number;
}

export const PROBLEM_KIND_TEXT: Record<LoadProblemKind, string> = {
  missing_file: "file not found",
  unreadable_file: "file cannot be read in its format",
  missing_table: "required table missing",
  missing_column: "required column missing",
  unparseable_value: "value does not parse as the column's type",
  malformed_row: "malformed row",
  null_required: "empty value in a required column",
  duplicate_id: "duplicate id",
  out_of_range: "value out of range",
  after_as_of: "date after the analysis date",
  orphan_reference: "reference to an unknown row (orphan)",
};

/**
 * What a value of a column type must look like.
 *
 * @example expectedText("DATE", "%d/%m/%Y") // "a date in the format %d/%m/%Y"
 */
export function expectedText(type: ColumnType, dateFormat?: string): string {
  switch (type) {
    case "DATE":
      return dateFormat && dateFormat !== "%Y-%m-%d" ? `a date in the format ${dateFormat}` : "a date YYYY-MM-DD";
    case "DOUBLE":
      return "a number (digits, '.' as decimal point, no thousands separator)";
    case "INTEGER":
      return "a whole number";
    case "BOOLEAN":
      return "true or false";
    case "VARCHAR":
      return "text";
  }
}

/**
 * One line naming where the problem is and what is wrong.
 *
 * @example
 * problemMessage({ kind: "unparseable_value", file: "/d/customers.csv", row: 17, line: 18, column: "signup_date", value: "2025-02-30", expected: "a date YYYY-MM-DD", message: "" })
 * // 'customers.csv row 17 (line 18), column "signup_date": "2025-02-30" is not a date YYYY-MM-DD'
 */
export function problemMessage(problem: LoadProblem): string {
  const where = [
    problem.file ? basename(problem.file) : problem.table,
    problem.row !== undefined ? `row ${problem.row}${problem.line !== undefined ? ` (line ${problem.line})` : ""}` : undefined,
  ].filter(Boolean).join(" ");
  const column = problem.column ? `, column "${problem.column}"` : "";
  const kind = problem.kind as LoadProblemKind;
  const shown = problem.value === undefined ? "" : `"${problem.value.length > 120 ? `${problem.value.slice(0, 117)}...` : problem.value}"`;
  switch (kind) {
    case "unparseable_value":
      return `${where}${column}: ${shown} is not ${problem.expected}`;
    case "null_required":
      return `${where}${column}: empty, expected ${problem.expected}`;
    case "unreadable_file":
      return `${where}: ${PROBLEM_KIND_TEXT[kind]} (${problem.expected})`;
    case "missing_column":
    case "missing_table":
    case "missing_file":
      return `${where}${column}: ${PROBLEM_KIND_TEXT[kind]}${problem.expected ? ` (${problem.expected})` : ""}`;
    default:
      return `${where}${column}: ${shown}${shown ? " " : ""}— ${PROBLEM_KIND_TEXT[kind] ?? kind}, expected ${problem.expected}`;
  }
}

/** Count of problems per kind (complete, even when the listed problems are capped). */
export type ProblemSummary = Partial<Record<LoadProblemKind, number>>;

/**
 * A readable multi-line report: counts by kind, then every listed problem.
 *
 * @example formatProblems(report.problems, report.problemCounts, 100)
 */
export function formatProblems(problems: LoadProblem[], counts: ProblemSummary, maxShown = problems.length): string {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const byKind = Object.entries(counts).map(([kind, n]) => `  ${n} × ${PROBLEM_KIND_TEXT[kind as LoadProblemKind] ?? kind}`);
  const shown = problems.slice(0, maxShown).map((p) => `  - ${p.message}`);
  const more = total > shown.length ? [`  ... ${total - shown.length} more not listed (raise maxErrors to see them)`] : [];
  return [`${total} problem(s):`, ...byKind, "", ...shown, ...more].join("\n");
}
