/**
 * A source rewrite applied to a cell before tslab's converter sees it, for the forms its rewrite
 * of earlier cells' names misses.
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
 * Likewise `export { ... }` statements: tslab appends `export { <every top-level name> }` to the
 * cell itself and drops export statements from the declarations it keeps, so `export { x }` of
 * this cell's `x` was "Duplicate identifier", of an earlier cell's `x` set it to `undefined` for
 * every later cell, and `export { x as y }` never made `y` known to later cells. Such a statement
 * is blanked out (replaced by spaces, which moves no column) and, for renames, alias declarations
 * are inserted where it stood (see `exportAliases`).
 */
import type * as TsModule from "@tslab/typescript-for-tslab";
import { isValueMeaning, topLevelBindings, type BindingMeaning } from "./top-level-bindings.js";

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
 * Rewrite the forms above: shorthand properties that name an earlier cell's value are written out
 * (`{ asOf }` -> `{ asOf: asOf }`, `({ n = 1 } = o)` -> `({ n: n = 1 } = o)`; other shorthands
 * are left alone, fewer moved columns), and top-level `export { ... }` statements naming this
 * cell's or earlier cells' names become aliases (see `exportAliases`).
 * `earlier` = the earlier cells' names and meanings (`topLevelBindings` of tslab's declarations).
 * @example
 * rewriteCell(ts, "const o = { asOf };", new Map([["asOf", "value"]])).source // "const o = { asOf: asOf };"
 */
export function rewriteCell(ts: Ts, source: string, earlier: ReadonlyMap<string, BindingMeaning>): CellRewrite {
  const file = ts.createSourceFile("__cell__.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const insertions: Insertion[] = [];
  const blanked: Array<[number, number]> = [];
  const exportStatements = file.statements.filter((statement) => ts.isExportDeclaration(statement) && !statement.moduleSpecifier);
  if (exportStatements.length > 0) {
    // This cell's declarations shadow earlier ones of the same name.
    const known = new Map([...earlier, ...topLevelBindings(ts, source)]);
    for (const statement of exportStatements) {
      const aliases = exportAliases(ts, statement as TsModule.ExportDeclaration, known);
      if (aliases === undefined) continue;
      const start = statement.getStart(file);
      blanked.push([start, statement.end]);
      if (aliases) insertions.push({ offset: start, text: aliases });
    }
  }
  const visit = (node: TsModule.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && isValueMeaning(earlier.get(node.name.text))) {
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

/**
 * What replaces a top-level `export { ... }` (no `from`), or `undefined` to leave it as typed (a
 * name neither this cell nor an earlier one declares, so TypeScript reports it; or `as default`).
 * Every top-level name is kept for later cells already, so `export { x }` needs nothing (tslab
 * exports all of a cell's names itself: a second export of `x` was "Duplicate identifier 'x'",
 * and an earlier cell's `x` was set to `undefined`). `export { x as y }` declares `y` as an alias:
 * `const y = x;` for a value, `type y = x;` for a type, both for a class or an enum; the value is
 * the one `x` holds when the cell runs (not a live binding as in an ES module). An imported name
 * whose meaning the syntax does not tell is taken as a value.
 * @example
 * // statement = the parsed `export { asOf as day, visits };`
 * exportAliases(ts, statement, new Map([["asOf", "value"], ["visits", "value"]])) // "const day = asOf;"
 */
export function exportAliases(ts: Ts, statement: TsModule.ExportDeclaration, known: ReadonlyMap<string, BindingMeaning>): string | undefined {
  const clause = statement.exportClause;
  if (statement.moduleSpecifier || !clause || !ts.isNamedExports(clause)) return undefined;
  const aliases: string[] = [];
  for (const element of clause.elements) {
    const local = (element.propertyName ?? element.name).text;
    const exported = element.name.text;
    const meaning = known.get(local);
    if (meaning === undefined || exported === "default") return undefined;
    if (local === exported) continue;
    const typeOnly = statement.isTypeOnly || element.isTypeOnly || meaning === "type";
    if (!typeOnly) aliases.push(`const ${exported} = ${local};`);
    if (typeOnly || meaning === "both") aliases.push(`type ${exported} = ${local};`);
  }
  return aliases.join(" ");
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
