/**
 * Reading the declared parameters of a notebook: the cell tagged `parameters` (papermill's
 * convention) holds one declaration per parameter with its default. For TypeScript the cell is parsed
 * with the TypeScript compiler API, so the declared types are known exactly:
 *
 *   const minTouches: number = 3;              // number
 *   const region: "EMEA" | "AMER" = "EMEA";    // string-literal union
 *   const analysisDate = "2026-09-30";         // date string (a string whose default is YYYY-MM-DD)
 *   let includeTrials = true;                  // boolean (inferred from the default)
 *
 * For Python the cell is read line by line (`name: int = 3`, `name = "x"`, `Literal["a", "b"]`).
 * A trailing `// comment` (or `# comment`) is the parameter's description for `icp run --describe`.
 */
import ts from "typescript";
import { cellSourceText, hasTag, type IpynbNotebook } from "./ipynb.js";

/** The value kinds a parameter may declare; `other` is any declared type we cannot check. */
export type NotebookParameterType =
  | { kind: "number" }
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "date" }
  | { kind: "union"; values: string[] }
  | { kind: "other" };

/** One declared notebook parameter. */
export interface NotebookParameter {
  name: string;
  type: NotebookParameterType;
  /** The type as written in the cell (TypeScript or Python), "" when inferred from the default. */
  typeText: string;
  /** The default as a JS value when it is a literal, else undefined. */
  defaultValue: unknown;
  /** The default as written in the cell. */
  defaultText: string;
  /** TypeScript declaration keyword, reused by the injected cell ("" for Python). */
  keyword: "const" | "let" | "var" | "";
  description?: string;
}

/** The language family parameters are read and injected in. */
export type ParameterLanguage = "typescript" | "javascript" | "python";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Index of the first cell tagged `parameters`, or -1. */
export function parametersCellIndex(notebook: IpynbNotebook): number {
  return notebook.cells.findIndex((cell) => cell.cell_type === "code" && hasTag(cell, "parameters"));
}

/**
 * The parameters declared in the notebook's `parameters` cell (empty when there is none).
 *
 * @example
 * describeNotebookParameters(notebook, "typescript");
 * // [{ name: "minTouches", type: { kind: "number" }, typeText: "number", defaultValue: 3, ... }]
 */
export function describeNotebookParameters(notebook: IpynbNotebook, language: ParameterLanguage): NotebookParameter[] {
  const index = parametersCellIndex(notebook);
  if (index < 0) return [];
  const source = cellSourceText(notebook.cells[index]);
  return language === "python" ? parsePythonParameters(source) : parseTypeScriptParameters(source);
}

/** Parse top-level variable declarations of a TypeScript/JavaScript parameters cell. */
export function parseTypeScriptParameters(source: string): NotebookParameter[] {
  const file = ts.createSourceFile("parameters.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const parameters: NotebookParameter[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const flags = statement.declarationList.flags;
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    const description = trailingComment(source, statement.end) ?? leadingComment(source, statement.getFullStart());
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const initializer = declaration.initializer;
      const defaultValue = initializer ? literalValue(initializer) : undefined;
      parameters.push({
        name: declaration.name.text,
        type: declaration.type ? typeFromAnnotation(declaration.type, defaultValue) : typeFromValue(defaultValue),
        typeText: declaration.type ? declaration.type.getText(file) : "",
        defaultValue,
        defaultText: initializer ? initializer.getText(file) : "",
        keyword,
        description,
      });
    }
  }
  return parameters;
}

function typeFromAnnotation(node: ts.TypeNode, defaultValue: unknown): NotebookParameterType {
  switch (node.kind) {
    case ts.SyntaxKind.NumberKeyword:
      return { kind: "number" };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: "boolean" };
    case ts.SyntaxKind.StringKeyword:
      return typeof defaultValue === "string" && ISO_DATE.test(defaultValue) ? { kind: "date" } : { kind: "string" };
  }
  if (ts.isParenthesizedTypeNode(node)) return typeFromAnnotation(node.type, defaultValue);
  // A type named like a date string (DateString, IsoDate) declares a date.
  if (ts.isTypeReferenceNode(node) && /date/i.test(node.typeName.getText())) return { kind: "date" };
  const members = ts.isUnionTypeNode(node) ? node.types : ts.isLiteralTypeNode(node) ? [node] : [];
  const values = members.map((member) => (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? member.literal.text : undefined));
  if (values.length > 0 && values.every((value) => value !== undefined)) return { kind: "union", values: values as string[] };
  return { kind: "other" };
}

function typeFromValue(value: unknown): NotebookParameterType {
  if (typeof value === "number") return { kind: "number" };
  if (typeof value === "boolean") return { kind: "boolean" };
  if (typeof value === "string") return ISO_DATE.test(value) ? { kind: "date" } : { kind: "string" };
  return { kind: "other" };
}

/** The JS value of a literal initializer (numbers, strings, booleans, null, arrays/objects of them). */
function literalValue(node: ts.Expression): unknown {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node)) return literalValue(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literalValue);
  if (ts.isObjectLiteralExpression(node)) {
    const entries = node.properties.map((property) =>
      ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? [property.name.text, literalValue(property.initializer)] : undefined,
    );
    return entries.every(Boolean) ? Object.fromEntries(entries as [string, unknown][]) : undefined;
  }
  return undefined;
}

function trailingComment(source: string, position: number): string | undefined {
  const range = ts.getTrailingCommentRanges(source, position)?.[0];
  return range ? cleanComment(source.slice(range.pos, range.end)) : undefined;
}

function leadingComment(source: string, position: number): string | undefined {
  const ranges = ts.getLeadingCommentRanges(source, position);
  const range = ranges?.[ranges.length - 1];
  return range ? cleanComment(source.slice(range.pos, range.end)) : undefined;
}

function cleanComment(comment: string): string {
  return comment
    .replace(/^\/\/+|^\/\*+|\*+\/$/g, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trim())
    .filter(Boolean)
    .join(" ");
}

/** Parse `name[: type] = literal  # description` lines of a Python parameters cell. */
export function parsePythonParameters(source: string): NotebookParameter[] {
  const parameters: NotebookParameter[] = [];
  for (const line of source.split("\n")) {
    const match = /^([A-Za-z_]\w*)\s*(?::\s*([^=]+?))?\s*=\s*(.+?)\s*(?:#\s*(.*))?$/.exec(line);
    if (!match) continue;
    const [, name, typeText = "", defaultText, description] = match;
    const defaultValue = pythonLiteral(defaultText);
    parameters.push({ name, type: pythonType(typeText.trim(), defaultValue), typeText: typeText.trim(), defaultValue, defaultText, keyword: "", description: description || undefined });
  }
  return parameters;
}

function pythonType(annotation: string, defaultValue: unknown): NotebookParameterType {
  if (annotation === "int" || annotation === "float") return { kind: "number" };
  if (annotation === "bool") return { kind: "boolean" };
  if (annotation === "str") return typeFromValue(typeof defaultValue === "string" ? defaultValue : "");
  const literal = /^(?:typing\.)?Literal\[(.*)\]$/.exec(annotation);
  if (literal) {
    const values = literal[1].split(",").map((part) => pythonLiteral(part.trim()));
    if (values.every((value) => typeof value === "string")) return { kind: "union", values: values as string[] };
  }
  return annotation ? { kind: "other" } : typeFromValue(defaultValue);
}

function pythonLiteral(text: string): unknown {
  if (text === "True") return true;
  if (text === "False") return false;
  if (text === "None") return null;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  const quoted = /^(['"])(.*)\1$/.exec(text);
  return quoted ? quoted[2].replace(/\\(.)/g, "$1") : undefined;
}
