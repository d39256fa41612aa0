/**
 * Analysts may write a cohort or a feature as a small SQL expression over named columns
 * (`latest_nps >= $min_score AND NOT promo_used`). Before such text goes anywhere near the engine
 * it is tokenised and checked here: every bare name must be a known column or an allowed SQL
 * word/function, every `$name` a declared parameter; comments, statement separators, quoted
 * identifiers and subqueries are refused. Names are then re-emitted quoted, and parameters renamed
 * to their bound names, so what runs is exactly what was checked.
 */
import { ParameterError } from "../errors/index.js";
import type { SqlDialect } from "./dialect.js";

/** SQL words and scalar functions an analyst's expression may use (lower case). */
const ALLOWED_WORDS = new Set([
  "and", "or", "not", "is", "null", "true", "false", "between", "in", "case", "when", "then", "else", "end",
  "like", "ilike", "cast", "as", "double", "integer", "boolean", "varchar", "date", "distinct", "from",
  "coalesce", "nullif", "least", "greatest", "abs", "ln", "log", "log10", "sqrt", "round", "floor", "ceil",
  "lower", "upper", "length", "date_diff", "year", "month", "day",
]);

/** Words that would let an expression escape into a statement or a subquery. */
const FORBIDDEN_WORDS = new Set(["select", "with", "union", "insert", "update", "delete", "drop", "create", "attach", "copy", "pragma", "call", "install", "load", "set"]);

type Token =
  | { kind: "name"; text: string }
  | { kind: "param"; text: string }
  | { kind: "string"; text: string }
  | { kind: "other"; text: string };

/** Split an expression into tokens; throws on comments, `;` and quoted identifiers. */
function tokenize(expression: string, context: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|'(?:[^']|'')*'|\$[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|<=|>=|<>|!=|::|[-+*/%(),<>=.]|./gsy;
  for (const match of expression.matchAll(pattern)) {
    const text = match[0];
    if (/^\s+$/.test(text)) continue;
    if (text.startsWith("'")) tokens.push({ kind: "string", text });
    else if (text.startsWith("$")) tokens.push({ kind: "param", text: text.slice(1) });
    else if (/^[A-Za-z_]/.test(text)) tokens.push({ kind: "name", text });
    else if (/^(\d|<=|>=|<>|!=|::|[-+*/%(),<>=.])/.test(text)) {
      if (text === "." || text === "::") throw new ParameterError(`${context}: '${text}' is not allowed in an expression (use CAST(x AS type), no qualified names)`, { expression });
      tokens.push({ kind: "other", text });
    } else {
      throw new ParameterError(`${context}: character ${JSON.stringify(text)} is not allowed in an expression (no comments, ';' or quoted names)`, { expression });
    }
  }
  return tokens;
}

export interface CompileExpressionOptions {
  /** Column names the expression may refer to (feature names). */
  columns: readonly string[];
  /** Declared parameter names (without `$`) mapped to the name they are bound under. */
  params: Readonly<Record<string, string>>;
  /** Type of each declared parameter, for the placeholder cast. */
  paramTypes: Readonly<Record<string, Parameters<SqlDialect["param"]>[1]>>;
  dialect: SqlDialect;
  /** Names this expression is known by in messages, e.g. `cohort "my_cohort"`. */
  context: string;
}

/** Result of compiling a checked expression. */
export interface CompiledExpression {
  sql: string;
  /** Columns the expression refers to. */
  columnsUsed: string[];
}

/**
 * Check an analyst's SQL expression against the allowed columns and parameters and return it
 * re-emitted with quoted identifiers and bound parameter placeholders.
 *
 * @example
 * compileExpression("latest_nps >= $min AND NOT promo_used", {
 *   columns: ["latest_nps", "promo_used"], params: { min: "my_cohort_min" }, paramTypes: { min: "INTEGER" },
 *   dialect: DUCKDB_DIALECT, context: "cohort my_cohort" });
 * // { sql: '"latest_nps" >= CAST($my_cohort_min AS INTEGER) AND NOT "promo_used"', columnsUsed: [...] }
 */
export function compileExpression(expression: string, options: CompileExpressionOptions): CompiledExpression {
  const { columns, params, paramTypes, dialect, context } = options;
  const tokens = tokenize(expression, context);
  if (tokens.length === 0) throw new ParameterError(`${context}: empty expression`, { expression });
  const known = new Set(columns);
  const used = new Set<string>();
  let depth = 0;
  const parts = tokens.map((token) => {
    if (token.kind === "param") {
      const bound = params[token.text];
      if (!bound) throw new ParameterError(`${context}: unknown parameter $${token.text} (declared: ${Object.keys(params).join(", ") || "none"})`, { expression, parameter: token.text });
      return dialect.param(bound, paramTypes[token.text]);
    }
    if (token.kind === "name") {
      if (known.has(token.text)) {
        used.add(token.text);
        return dialect.quoteIdent(token.text);
      }
      const lower = token.text.toLowerCase();
      if (FORBIDDEN_WORDS.has(lower) || !ALLOWED_WORDS.has(lower)) {
        throw new ParameterError(`${context}: unknown name "${token.text}" (known columns: ${[...known].join(", ")})`, { expression, name: token.text });
      }
      return lower.toUpperCase();
    }
    if (token.text === "(") depth++;
    if (token.text === ")" && --depth < 0) throw new ParameterError(`${context}: unbalanced parentheses`, { expression });
    return token.text;
  });
  if (depth !== 0) throw new ParameterError(`${context}: unbalanced parentheses`, { expression });
  return { sql: parts.join(" "), columnsUsed: [...used] };
}
