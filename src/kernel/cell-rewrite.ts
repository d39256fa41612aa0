/**
 * A source rewrite applied to a cell before tslab's converter sees it, for the one form its
 * rewrite of earlier cells' names misses.
 *
 * tslab keeps top-level declarations across cells as properties of a shared `exports` object: its
 * `after` transformer (converter.js, wrapPrevIdentifier) replaces every identifier whose symbol is
 * declared in the earlier cells' declarations with `exports.<name>`. A shorthand property
 * `{ asOf }` is one identifier that is both the property name and the value; the checker gives it
 * the property's symbol, so it is left as a bare `asOf`: "asOf is not defined" at run time, and in
 * an assignment pattern (`({ n } = o)`) a silent write to a global. Written out as
 * `{ asOf: asOf }` the value has its own identifier, which tslab rewrites. Both forms mean the same
 * in JavaScript and TypeScript (ECMA-262 §13.2.5, PropertyDefinition : IdentifierReference), so
 * the rewrite changes nothing else; diagnostics are mapped back to the cell as typed.
 *
 * Likewise `export { asOf }` naming an earlier cell's value: the CommonJS output declares
 * `exports.asOf = void 0` for it and never assigns it, so the value was lost for every later cell.
 * Earlier cells' values are exported already, so such a statement is blanked out (replaced by
 * spaces, which moves no column).
 */
import type * as TsModule from "@tslab/typescript-for-tslab";

/** tslab's bundled TypeScript (the same parser its converter uses). */
type Ts = typeof import("@tslab/typescript-for-tslab");

/** Text inserted into the cell at `offset` (an offset in the cell as typed, UTF-16). */
export interface Insertion {
  offset: number;
  text: string;
}

/** The cell as handed to the converter, and what was inserted where. */
export interface CellRewrite {
  source: string;
  insertions: Insertion[];
}

/**
 * Value names declared by earlier cells, read from the declarations tslab keeps for them
 * (variables, functions, classes, enums, namespaces and imported bindings; not types).
 * @example
 * earlierCellNames(ts, 'declare const asOf = "2026-09-30";\nimport { f } from "./helpers";') // Set { "asOf", "f" }
 */
export function earlierCellNames(ts: Ts, previousDeclarations: string): Set<string> {
  const names = new Set<string>();
  if (!previousDeclarations.trim()) return names;
  const file = ts.createSourceFile("__prev__.d.ts", previousDeclarations, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const addBinding = (name: TsModule.BindingName | TsModule.Identifier | undefined) => {
    if (name && ts.isIdentifier(name)) names.add(name.text);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      addBinding(statement.name);
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      addBinding(statement.name);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      addBinding(statement.name);
    } else if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const clause = statement.importClause;
      addBinding(clause.name);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) addBinding(bindings.name);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) if (!element.isTypeOnly) addBinding(element.name);
    }
  }
  return names;
}

/**
 * Rewrite the forms above: shorthand properties that name an earlier cell's value are written out
 * (`{ asOf }` -> `{ asOf: asOf }`, `({ n = 1 } = o)` -> `({ n: n = 1 } = o)`; other shorthands
 * are left alone, fewer moved columns) and top-level `export { ... }` statements that only name
 * earlier values are blanked.
 * @example
 * rewriteCell(ts, "const o = { asOf };", new Set(["asOf"])).source // "const o = { asOf: asOf };"
 */
export function rewriteCell(ts: Ts, source: string, earlierNames: ReadonlySet<string>): CellRewrite {
  if (earlierNames.size === 0) return { source, insertions: [] };
  const file = ts.createSourceFile("__cell__.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const insertions: Insertion[] = [];
  const blanked: Array<[number, number]> = [];
  for (const statement of file.statements) {
    if (isReExportOfEarlierNames(ts, statement, earlierNames)) blanked.push([statement.getStart(file), statement.end]);
  }
  const visit = (node: TsModule.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && earlierNames.has(node.name.text)) {
      insertions.push({ offset: node.name.end, text: `: ${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (insertions.length === 0 && blanked.length === 0) return { source, insertions };
  let sameLength = source;
  for (const [start, end] of blanked) {
    sameLength = sameLength.slice(0, start) + sameLength.slice(start, end).replace(/[^\n]/g, " ") + sameLength.slice(end);
  }
  insertions.sort((a, b) => a.offset - b.offset);
  let rewritten = "";
  let from = 0;
  for (const { offset, text } of insertions) {
    rewritten += sameLength.slice(from, offset) + text;
    from = offset;
  }
  return { source: rewritten + sameLength.slice(from), insertions };
}

/** `export { a, b };` (no renames, no `from`, not type-only) where every name is an earlier cell's value. */
function isReExportOfEarlierNames(ts: Ts, statement: TsModule.Statement, earlierNames: ReadonlySet<string>): boolean {
  if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly) return false;
  const clause = statement.exportClause;
  if (!clause || !ts.isNamedExports(clause) || clause.elements.length === 0) return false;
  return clause.elements.every((element) => !element.propertyName && !element.isTypeOnly && earlierNames.has(element.name.text));
}

/**
 * The offset in the cell as typed for an offset in the rewritten cell (an offset inside inserted
 * text maps to where it was inserted).
 * @example
 * originalOffset([{ offset: 16, text: ": asOf" }], 23) // 17 (the "}" of "const o = { asOf };")
 */
export function originalOffset(insertions: readonly Insertion[], rewrittenOffset: number): number {
  let shift = 0;
  for (const { offset, text } of insertions) {
    const insertedAt = offset + shift;
    if (rewrittenOffset < insertedAt) break;
    if (rewrittenOffset < insertedAt + text.length) return offset;
    shift += text.length;
  }
  return rewrittenOffset - shift;
}

/**
 * Zero-based line and character of `offset` in `source`.
 * @example
 * lineAndCharacter("ab\ncd", 4) // { line: 1, character: 1 }
 */
export function lineAndCharacter(source: string, offset: number): { line: number; character: number } {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length - 1, character: offset - lineStart };
}
