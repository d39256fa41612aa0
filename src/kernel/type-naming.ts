/**
 * Making inferred types of top-level declarations nameable outside the icp-lab tree.
 *
 * tslab keeps a cell's declarations for later cells by emitting a declaration file (compiler option
 * `declaration: true`), and reports declaration-emit errors as cell errors. A notebook outside the
 * icp-lab tree sees icp-lab through modules.ts's forwarding (`<notebook>/node_modules/icp-lab` ->
 * icp-lab's root), and icp-lab's own types through icp-lab's `node_modules`. A value whose type
 * comes from there (`await ds.query(...)`: arquero's ColumnTable, DuckDB's classes) can then only be
 * written as `icp-lab/node_modules/arquero`, which TypeScript refuses (TS2742 "The inferred type of
 * 'q' cannot be named without a reference to 'icp-lab/node_modules/arquero'. This is likely not
 * portable."). TypeScript learns that `<notebook>/node_modules/arquero` is the same folder (and so
 * can write `import("arquero")`) once some file resolved that specifier from the notebook's folder:
 * a module that imports the package's types does that, and the forwarded path then resolves for
 * the declarations kept for the next cell too.
 */

/** Declaration-emit diagnostics that mean "a type in this declaration cannot be named from here". */
const UNNAMEABLE_TYPE_CODES = new Set([
  2742, // The inferred type of '{0}' cannot be named without a reference to '{1}'. This is likely not portable.
  4023, // Exported variable '{0}' has or is using name '{1}' from external module {2} but cannot be named.
  4025, // Exported variable '{0}' has or is using private name '{1}'.
  4058, // Return type of exported function has or is using name '{0}' from external module {1} but cannot be named.
]);

/** The part of a diagnostic this module reads. */
export interface NamingDiagnostic {
  code: number;
  messageText: string;
}

/**
 * Packages whose types a declaration could not name: the package after the last `node_modules/`
 * in each "cannot be named" diagnostic.
 * @example
 * unnameablePackages([{ code: 2742, messageText: "... without a reference to 'icp-lab/node_modules/@duckdb/node-api'. ..." }]) // ["@duckdb/node-api"]
 */
export function unnameablePackages(diagnostics: readonly NamingDiagnostic[]): string[] {
  const packages = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (!UNNAMEABLE_TYPE_CODES.has(diagnostic.code)) continue;
    const matches = [...diagnostic.messageText.matchAll(/node_modules\/((?:@[^/'"\s]+\/)?[^/'"\s]+)/g)];
    const name = matches.at(-1)?.[1];
    if (name && !name.startsWith("@types/")) packages.add(name);
  }
  return [...packages];
}

/**
 * The text of a module that imports the types of `packages` (type-only: nothing runs).
 * @example
 * typeImportsModule(["arquero"]) // 'import type * as __nameable0 from "arquero";\n'
 */
export function typeImportsModule(packages: Iterable<string>): string {
  return [...packages].map((name, index) => `import type * as __nameable${index} from ${JSON.stringify(name)};\n`).join("");
}
