/**
 * Papermill-compatible parameter injection, with validation papermill does not do: given values are
 * checked against the types declared in the `parameters` cell before any cell runs, then written into
 * a new code cell tagged `injected-parameters` right after it (at the top when there is no parameters
 * cell). https://papermill.readthedocs.io/en/latest/usage-parameterize.html
 *
 * TypeScript injection redeclares each parameter with the declared keyword and type
 * (`const minTouches: number = 5;`): tslab (and the icp-lab kernel on its engine) accepts a later
 * cell redeclaring a top-level `const`, and keeping the declared type means later cells type-check
 * as they did with the default (a union stays a union instead of narrowing to one literal).
 */
import { ParameterError } from "../errors/index.js";
import { hasTag, newCellId, splitLines, type IpynbCell, type IpynbNotebook } from "./ipynb.js";
import { parametersCellIndex, type NotebookParameter, type ParameterLanguage } from "./parameters.js";

/** A parameter value as given: a string from `-p name=value`, or a JSON/YAML value from `-f`. */
export type GivenParameterValue = string | number | boolean | null | unknown[] | Record<string, unknown>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Check and convert given values against the declared parameters. Every problem is reported at once
 * (unknown names, bad values). With no parameters cell nothing is declared, so values pass as given.
 *
 * @throws ParameterError listing each problem
 * @example
 * const declared = parseTypeScriptParameters('const minTouches: number = 3;');
 * validateNotebookParameters(declared, { minTouches: "5" }, { hasParametersCell: true }); // { minTouches: 5 }
 */
export function validateNotebookParameters(
  declared: NotebookParameter[],
  given: Record<string, GivenParameterValue>,
  options: { hasParametersCell: boolean },
): Record<string, unknown> {
  if (!options.hasParametersCell) return { ...given };
  const byName = new Map(declared.map((parameter) => [parameter.name, parameter]));
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const parameter = byName.get(name);
    if (!parameter) {
      problems.push(`unknown parameter '${name}' (declared: ${declared.map((p) => p.name).join(", ") || "none"})`);
      continue;
    }
    const checked = coerceValue(parameter, value);
    if (checked.ok) values[name] = checked.value;
    else problems.push(`parameter '${name}' expects ${checked.expected}, got ${JSON.stringify(value)}`);
  }
  if (problems.length > 0) throw new ParameterError(problems.join("; "), { problems });
  return values;
}

type Coerced = { ok: true; value: unknown } | { ok: false; expected: string };

function coerceValue(parameter: NotebookParameter, value: GivenParameterValue): Coerced {
  const type = parameter.type;
  switch (type.kind) {
    case "number": {
      const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, expected: "a number" };
    }
    case "boolean": {
      if (typeof value === "boolean") return { ok: true, value };
      const text = typeof value === "string" ? value.trim().toLowerCase() : "";
      return text === "true" || text === "false" ? { ok: true, value: text === "true" } : { ok: false, expected: "true or false" };
    }
    case "string":
      // YAML reads an unquoted 2024 as a number; a string parameter takes its text.
      return typeof value === "string" || typeof value === "number" ? { ok: true, value: String(value) } : { ok: false, expected: "a string" };
    case "date":
      return typeof value === "string" && isCalendarDate(value) ? { ok: true, value } : { ok: false, expected: "a date YYYY-MM-DD" };
    case "union":
      return typeof value === "string" && type.values.includes(value)
        ? { ok: true, value }
        : { ok: false, expected: `one of ${type.values.map((v) => JSON.stringify(v)).join(" | ")}` };
    case "other":
      // Undeclared shape: a -p string holding JSON is parsed, anything else passes unchanged.
      if (typeof value === "string") {
        try {
          return { ok: true, value: JSON.parse(value) };
        } catch {
          return { ok: true, value };
        }
      }
      return { ok: true, value };
  }
}

/** True for a real UTC calendar day written YYYY-MM-DD (2026-02-30 is not). */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Source of the injected-parameters cell in the kernel's language.
 *
 * @example
 * injectedParametersSource({ minTouches: 5 }, declared, "typescript");
 * // "// Parameters injected by icp run\nconst minTouches: number = 5;\n"
 */
export function injectedParametersSource(values: Record<string, unknown>, declared: NotebookParameter[], language: ParameterLanguage): string {
  const byName = new Map(declared.map((parameter) => [parameter.name, parameter]));
  if (language === "python") {
    const lines = Object.entries(values).map(([name, value]) => `${name} = ${pythonLiteral(value)}`);
    return ["# Parameters injected by icp run", ...lines].join("\n") + "\n";
  }
  const lines = Object.entries(values).map(([name, value]) => {
    const parameter = byName.get(name);
    const annotation = language === "typescript" && parameter ? typeAnnotation(parameter) : "";
    return `${parameter?.keyword || "const"} ${name}${annotation} = ${JSON.stringify(value)};`;
  });
  return ["// Parameters injected by icp run", ...lines].join("\n") + "\n";
}

function typeAnnotation(parameter: NotebookParameter): string {
  if (parameter.typeText) return `: ${parameter.typeText}`;
  // Inferred from the default: widen it, or `const x = 3` would narrow to the literal type 3.
  const widened = { number: "number", string: "string", date: "string", boolean: "boolean" } as Record<string, string>;
  return widened[parameter.type.kind] ? `: ${widened[parameter.type.kind]}` : "";
}

/** A Python literal for a JSON-like value (True/False/None; dicts and lists recursively). */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${pythonLiteral(item)}`);
  return `{${entries.join(", ")}}`;
}

/**
 * Insert the injected-parameters cell (after the parameters cell, else first), replacing one left
 * by an earlier run. Returns the index of the new cell; the notebook is changed in place.
 *
 * @example
 * const index = insertInjectedParametersCell(notebook, "const minTouches: number = 5;\n");
 */
export function insertInjectedParametersCell(notebook: IpynbNotebook, source: string): number {
  notebook.cells = notebook.cells.filter((cell) => !hasTag(cell, "injected-parameters"));
  const cell: IpynbCell = {
    id: newCellId(),
    cell_type: "code",
    source: splitLines(source),
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    execution_count: null,
  };
  const index = parametersCellIndex(notebook) + 1;
  notebook.cells.splice(index, 0, cell);
  return index;
}
