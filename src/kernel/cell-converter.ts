/**
 * tslab's converter (type-check a cell, emit CommonJS) wrapped with what notebooks need around it:
 * shorthand properties naming earlier cells' values and `export { ... }` work (cell-rewrite.ts), inferred types from
 * icp-lab's dependencies can be kept for later cells (type-naming.ts), and ES modules a cell or one
 * of its local `.ts` modules imports are loaded with `import()` before the cell runs (modules.ts).
 */
import type { ConvertResult, Converter, Diagnostic } from "tslab/dist/converter.js";
import { rewriteCell, lineAndCharacter, originalOffset, type Insertion } from "./cell-rewrite.js";
import { topLevelBindings } from "./top-level-bindings.js";
import { requiredSpecifiers, type CellModules } from "./modules.js";
import { typeImportsModule, unnameablePackages } from "./type-naming.js";

/** tslab's bundled TypeScript (the same parser its converter uses). */
type Ts = typeof import("@tslab/typescript-for-tslab");

/** The in-memory module (tslab `addModule`, so no file is written) that imports types to make them nameable. */
const NAMEABLE_TYPES_MODULE = "__icp_lab_nameable_types__";
/** Each retry adds the packages the previous attempt could not name; dependencies of those may follow. */
const MAX_NAMING_RETRIES = 3;

/**
 * Wrap `converter` for notebook cells (see the file comment).
 * @example
 * const node = notebookConverter(createConverter({}), ts, new CellModules(rootDir));
 */
export function notebookConverter(converter: Converter, ts: Ts, modules: CellModules): Converter {
  const nameablePackages = new Set<string>();
  /** Bare imports of the local modules converted so far: tslab converts each only when it changes. */
  const sideModuleSpecifiers = new Set<string>();

  function convertNaming(prevDecl: string, source: string): ConvertResult {
    let result = converter.convert(prevDecl, source);
    for (let retry = 0; retry < MAX_NAMING_RETRIES && result.diagnostics.length > 0; retry++) {
      const missing = unnameablePackages(result.diagnostics).filter((name) => !nameablePackages.has(name));
      if (missing.length === 0) break;
      for (const name of missing) nameablePackages.add(name);
      // Its own diagnostics (a package without types) do not concern the cell: the retry tells.
      converter.addModule(NAMEABLE_TYPES_MODULE, typeImportsModule(nameablePackages));
      result = converter.convert(prevDecl, source);
    }
    return result;
  }

  return {
    ...converter,
    convert(prevDecl, src) {
      const rewrite = rewriteCell(ts, src, topLevelBindings(ts, prevDecl));
      const result = convertNaming(prevDecl, rewrite.source);
      if (result.diagnostics.length > 0) {
        return { ...result, diagnostics: result.diagnostics.map((diagnostic) => asTyped(diagnostic, src, rewrite.insertions)) };
      }
      for (const side of result.sideOutputs ?? []) for (const specifier of requiredSpecifiers(side.data)) sideModuleSpecifiers.add(specifier);
      if (!result.output) return result;
      const pending = modules.pendingEsm([...requiredSpecifiers(result.output), ...sideModuleSpecifiers]);
      if (pending.length === 0) return result;
      // Same line as the cell's first line, so line numbers in stack traces do not move.
      return { ...result, output: `await __icpKernel__.preload(${JSON.stringify(pending)}); ${result.output}`, hasToplevelAwait: true };
    },
    inspect: (prevDecl, src, position) => converter.inspect(prevDecl, src, position),
    complete: (prevDecl, src, position) => converter.complete(prevDecl, src, position),
    close: () => converter.close(),
    addModule: (name, content, meta) => converter.addModule(name, content, meta),
  };
}

/** A diagnostic of the rewritten cell, placed in the cell as typed (local modules' are left alone). */
function asTyped(diagnostic: Diagnostic, typed: string, insertions: readonly Insertion[]): Diagnostic {
  if (diagnostic.fileName || insertions.length === 0) return diagnostic;
  const place = (offset: number) => {
    const original = originalOffset(insertions, offset);
    return { offset: original, ...lineAndCharacter(typed, original) };
  };
  return { ...diagnostic, start: place(diagnostic.start.offset), end: place(diagnostic.end.offset) };
}
