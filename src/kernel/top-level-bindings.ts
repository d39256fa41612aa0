/**
 * The names a cell (or the declarations tslab keeps for earlier cells) declares at top level, and
 * what each means to TypeScript: a value, a type, both (a class or an enum), or an imported binding
 * whose meaning only the imported module knows. Read from the syntax alone, before tslab's
 * converter (and its type checker) sees the cell.
 */
import type * as TsModule from "@tslab/typescript-for-tslab";

/** tslab's bundled TypeScript (the same parser its converter uses). */
type Ts = typeof import("@tslab/typescript-for-tslab");

/** What a top-level name means; "import" = a named or default import (a value, a type, or both). */
export type BindingMeaning = "value" | "type" | "both" | "import";

/**
 * Top-level names of `source` and their meanings (a name declared twice, e.g. an interface and a
 * const of the same name, means "both").
 * @example
 * topLevelBindings(ts, "const a = 1; interface Row {} class Snap {}") // Map { a: "value", Row: "type", Snap: "both" }
 */
export function topLevelBindings(ts: Ts, source: string): Map<string, BindingMeaning> {
  const bindings = new Map<string, BindingMeaning>();
  if (!source.trim()) return bindings;
  const file = ts.createSourceFile("__bindings__.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const add = (name: TsModule.Identifier | undefined, meaning: BindingMeaning) => {
    if (!name) return;
    const before = bindings.get(name.text);
    bindings.set(name.text, before === undefined || before === meaning ? meaning : "both");
  };
  const addBindingName = (name: TsModule.BindingName) => {
    if (ts.isIdentifier(name)) add(name, "value");
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBindingName(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addBindingName(declaration.name);
    } else if (ts.isFunctionDeclaration(statement)) {
      add(statement.name, "value");
    } else if (ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      add(statement.name, "both");
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      add(statement.name, "type");
    } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
      add(statement.name, "value");
    } else if (ts.isImportEqualsDeclaration(statement)) {
      add(statement.name, statement.isTypeOnly ? "type" : "import");
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      const clauseMeaning: BindingMeaning = clause.isTypeOnly ? "type" : "import";
      add(clause.name, clauseMeaning);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) add(named.name, clause.isTypeOnly ? "type" : "value");
      if (named && ts.isNamedImports(named)) for (const element of named.elements) add(element.name, element.isTypeOnly ? "type" : clauseMeaning);
    }
  }
  return bindings;
}

/** True when the name can be used as a value (what tslab keeps as `exports.<name>` at run time). */
export function isValueMeaning(meaning: BindingMeaning | undefined): boolean {
  return meaning !== undefined && meaning !== "type";
}
