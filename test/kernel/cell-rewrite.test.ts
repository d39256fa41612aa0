import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { rewriteCell, lineAndCharacter, originalOffset } from "../../src/kernel/cell-rewrite.js";
import { isValueMeaning, topLevelBindings, type BindingMeaning } from "../../src/kernel/top-level-bindings.js";
import { typeImportsModule, unnameablePackages } from "../../src/kernel/type-naming.js";

// tslab's bundled TypeScript, the parser its converter uses.
const ts = createRequire(createRequire(import.meta.url).resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof import("@tslab/typescript-for-tslab");

describe("topLevelBindings", () => {
  it("collects the names of the declarations tslab keeps, values apart from types", () => {
    const declarations = [
      'declare const asOf = "2026-09-30";',
      "declare let visits: number, other: string;",
      "declare function label(day: string): string;",
      "declare class Snapshot {}",
      "declare enum Plan { starter }",
      'import { f, type T } from "./helpers";',
      'import * as aq from "arquero";',
      'import type { Only } from "./types";',
      "interface Row { id: number }",
      "type Id = number;",
    ].join("\n");
    const bindings = topLevelBindings(ts, declarations);
    const valueNames = [...bindings].filter(([, meaning]) => isValueMeaning(meaning)).map(([name]) => name);
    expect(valueNames.sort()).toEqual(["Plan", "Snapshot", "aq", "asOf", "f", "label", "other", "visits"]);
    expect(Object.fromEntries(bindings)).toMatchObject({ asOf: "value", label: "value", Snapshot: "both", Plan: "both", f: "import", T: "type", Only: "type", Row: "type", Id: "type" });
  });

  it("reads destructured names and merges a type and a value of one name", () => {
    const bindings = topLevelBindings(ts, "const { a, b: [c, , d] } = o; interface a {}");
    expect(Object.fromEntries(bindings)).toEqual({ a: "both", c: "value", d: "value" });
  });
});

describe("rewriteCell", () => {
  const earlier = new Map<string, BindingMeaning>([["asOf", "value"], ["visits", "value"], ["Row", "type"], ["Snapshot", "both"]]);

  it("writes out shorthands naming earlier values, in literals and assignment patterns", () => {
    const rewrite = rewriteCell(ts, "const o = { asOf, local };\n({ visits = 1 } = o);", earlier);
    expect(rewrite.source).toBe("const o = { asOf: asOf, local };\n({ visits: visits = 1 } = o);");
    // `asOf` ends at 12 + 4 = 16 ("const o = { " is 12 characters); `visits` at 27 + 9 = 36
    // (line 1 is 26 characters and a newline; "({ visits" is 9).
    expect(rewrite.insertions).toEqual([{ offset: 16, text: ": asOf" }, { offset: 36, text: ": visits" }]);
  });

  it("blanks top-level exports of known names, keeping every column", () => {
    const rewrite = rewriteCell(ts, "export { asOf };\nconst n = 1; export { n, visits };\nvisits", earlier);
    // 16 spaces for "export { asOf };", 21 for "export { n, visits };".
    expect(rewrite.source).toBe(" ".repeat(16) + "\nconst n = 1; " + " ".repeat(21) + "\nvisits");
    expect(rewrite.insertions).toEqual([]);
  });

  it("turns renaming exports into alias declarations where the export stood", () => {
    const source = "const n = 1;\nexport { n as count, asOf as day, Row as Line, Snapshot as Snap };";
    const rewrite = rewriteCell(ts, source, earlier);
    const aliases = "const count = n; const day = asOf; type Line = Row; const Snap = Snapshot; type Snap = Snapshot;";
    // The export statement starts at 13 (after "const n = 1;\n") and is 66 characters long.
    expect(rewrite.source).toBe("const n = 1;\n" + aliases + " ".repeat(66));
    expect(rewrite.insertions).toEqual([{ offset: 13, text: aliases }]);
  });

  it("leaves exports of unknown names, `as default` and re-exports from modules as typed", () => {
    const source = 'export { missing as m };\nexport { asOf as default };\nexport { x as y } from "./helpers";';
    expect(rewriteCell(ts, source, earlier)).toEqual({ source, insertions: [] });
  });

  it("leaves cells without such forms untouched", () => {
    const source = "const { asOf: renamed } = { asOf: 1 }; `${asOf}`";
    expect(rewriteCell(ts, source, earlier)).toEqual({ source, insertions: [] });
  });
});

describe("originalOffset and lineAndCharacter", () => {
  // "const o = { asOf };" with ": asOf" (6 characters) inserted at 16, after `asOf`.
  const insertions = [{ offset: 16, text: ": asOf" }];
  it("maps offsets before, inside and after an insertion", () => {
    expect(originalOffset(insertions, 12)).toBe(12);
    expect(originalOffset(insertions, 17)).toBe(16); // inside ": asOf" (rewritten 16..21)
    expect(originalOffset(insertions, 23)).toBe(17); // the "}": 23 - 6
  });
  it("counts zero-based lines and characters", () => {
    expect(lineAndCharacter("ab\ncd", 4)).toEqual({ line: 1, character: 1 });
    expect(lineAndCharacter("ab\ncd", 0)).toEqual({ line: 0, character: 0 });
  });
});

describe("type naming", () => {
  it("finds the packages a declaration could not name", () => {
    const diagnostics = [
      { code: 2742, messageText: "The inferred type of 'q' cannot be named without a reference to 'icp-lab/node_modules/arquero'. This is likely not portable." },
      { code: 2742, messageText: "The inferred type of 'c' cannot be named without a reference to '../icp/node_modules/@duckdb/node-api/lib'. This is likely not portable." },
      { code: 2322, messageText: "Type 'string' is not assignable to type 'node_modules/x'." },
    ];
    expect(unnameablePackages(diagnostics)).toEqual(["arquero", "@duckdb/node-api"]);
  });

  it("writes a type-only import per package", () => {
    expect(typeImportsModule(["arquero", "@duckdb/node-api"])).toBe('import type * as __nameable0 from "arquero";\nimport type * as __nameable1 from "@duckdb/node-api";\n');
  });
});
