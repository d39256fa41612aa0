/**
 * How notebook cells find and load packages, wherever the notebook lives.
 *
 * Type-check side: tslab's converter resolves imports from the kernel's working directory (the
 * notebook's folder) with TypeScript's Node10 resolution. We forward the file-system calls of
 * TypeScript's `sys` (the same technique tslab uses for its own `tslab` import): a package missing
 * from `<cwd>/node_modules` is looked up as `icp-lab` itself or in icp-lab's own `node_modules`, and
 * a package.json that only declares its types in an `exports` map (vega-lite 6) gets a `types`
 * field, which Node10 resolution needs.
 *
 * Run side: tslab emits CommonJS, so imports become `require()`. ESM-only packages with a
 * top-level await (vega 6) cannot be `require`d (ERR_REQUIRE_ASYNC_MODULE), so bare imports that
 * resolve to ES modules are loaded with a real `import()` before the cell runs and handed to the
 * `require` of cells and of local modules from a cache (`installNotebookRequire`).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** icp-lab's package root (this file is dist/kernel/modules.js or src/kernel/modules.ts). */
export function icpLabRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
}

/** The subset of TypeScript's `sys` that module resolution reads. */
export interface ResolutionSys {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  directoryExists(path: string): boolean;
  realpath?(path: string): string;
}

/** Package name at the start of a path inside node_modules: "a/b/c" -> "a", "@s/p/x" -> "@s/p". */
function packageNameOf(inside: string): string | undefined {
  const parts = inside.split("/");
  if (!parts[0]) return undefined;
  if (parts[0].startsWith("@")) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

/**
 * Map a path under `<cwd>/node_modules/<pkg>` that does not exist to icp-lab (for `icp-lab`) or
 * icp-lab's own `node_modules/<pkg>`; undefined when no forwarding applies.
 * @example
 * forwardPackagePath("/nb", "/opt/icp", "/nb/node_modules/icp-lab/package.json") // "/opt/icp/package.json"
 */
export function forwardPackagePath(cwd: string, icpRoot: string, path: string): string | undefined {
  const modulesDir = join(cwd, "node_modules");
  const inside = relative(modulesDir, path).split(sep).join("/");
  if (inside.startsWith("..") || inside === "" || path === modulesDir) return undefined;
  const name = packageNameOf(inside);
  if (!name || name.startsWith("@types")) return undefined;
  if (existsSync(join(modulesDir, name))) return undefined;
  const rest = inside.slice(name.length);
  if (name === "icp-lab") return icpRoot + rest;
  const own = join(icpRoot, "node_modules", name);
  return existsSync(own) ? own + rest : undefined;
}

/**
 * A package.json text with a `types` field added when only `exports["."].types` names the types.
 * @example
 * withTypesField('{"exports":{".":{"types":"./build/index.d.ts"}}}') // '{"exports":...,"types":"./build/index.d.ts"}'
 */
export function withTypesField(packageJson: string): string {
  try {
    const pkg = JSON.parse(packageJson) as { types?: string; typings?: string; exports?: unknown };
    if (pkg.types || pkg.typings || typeof pkg.exports !== "object" || pkg.exports === null) return packageJson;
    const root = (pkg.exports as Record<string, unknown>)["."];
    const types = typeof root === "object" && root !== null ? (root as Record<string, unknown>).types : undefined;
    return typeof types === "string" ? JSON.stringify({ ...pkg, types }) : packageJson;
  } catch {
    return packageJson;
  }
}

/** Patch TypeScript's `sys` (in place) so type-checking sees icp-lab and its dependencies from `cwd`. */
export function forwardTypeResolution(sys: ResolutionSys, cwd: string, icpRoot: string): void {
  const original = { fileExists: sys.fileExists, readFile: sys.readFile, directoryExists: sys.directoryExists, realpath: sys.realpath };
  const target = (path: string) => forwardPackagePath(cwd, icpRoot, path) ?? path;
  sys.fileExists = (path) => original.fileExists.call(sys, target(path));
  sys.directoryExists = (path) => original.directoryExists.call(sys, target(path));
  sys.readFile = (path, encoding) => {
    const text = original.readFile.call(sys, target(path), encoding);
    return text !== undefined && path.endsWith("/package.json") ? withTypesField(text) : text;
  };
  // realpath makes TypeScript resolve a forwarded file's own imports from where it really is.
  if (original.realpath) sys.realpath = (path) => original.realpath!.call(sys, target(path));
}

const BARE = /^(?![./]|node:|[a-zA-Z]:\\)/;

/** Node's internal CommonJS loader entry (`Module._load`), which every `require` call goes through. */
type ModuleLoad = (request: string, parent: { filename?: string | null } | undefined, isMain: boolean) => unknown;

/** Bare specifiers in `require("...")` calls of tslab's CommonJS output. */
export function requiredSpecifiers(commonJs: string): string[] {
  const found = new Set<string>();
  for (const match of commonJs.matchAll(/\brequire\((["'])([^"'\n]+)\1\)/g)) {
    if (BARE.test(match[2])) found.add(match[2]);
  }
  return [...found];
}

function isEsmFile(file: string): boolean {
  if (file.endsWith(".mjs")) return true;
  if (!file.endsWith(".js")) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const pkgPath = join(dir, "package.json");
    if (existsSync(pkgPath) && statSync(pkgPath).isFile()) {
      try {
        return (JSON.parse(readFileSync(pkgPath, "utf8")) as { type?: string }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Resolves and loads cell imports: from the notebook's folder first, then icp-lab's own package
 * (so `icp-lab`, arquero and vega-lite import in a notebook anywhere).
 */
export class CellModules {
  private readonly fromNotebook: NodeJS.Require;
  private readonly fromIcpLab: NodeJS.Require;
  /** Loaded ES modules by specifier, in the shape TypeScript's CommonJS interop helpers expect. */
  private readonly esm = new Map<string, Record<string, unknown>>();

  constructor(readonly rootDir: string, readonly icpRoot: string = icpLabRoot()) {
    this.fromNotebook = createRequire(join(rootDir, "__notebook__.js"));
    this.fromIcpLab = createRequire(join(icpRoot, "package.json"));
  }

  /** The file a bare specifier resolves to, or undefined (built-ins and unknown packages). */
  resolve(specifier: string): string | undefined {
    for (const req of [this.fromNotebook, this.fromIcpLab]) {
      try {
        const file = req.resolve(specifier);
        return file.startsWith("/") ? file : undefined;
      } catch {
        // try the next base
      }
    }
    return specifier === "icp-lab" ? join(this.icpRoot, "dist", "index.js") : undefined;
  }

  /** Specifiers among `specifiers` that are ES modules not loaded yet. */
  pendingEsm(specifiers: string[]): string[] {
    return specifiers.filter((s) => s !== "tslab" && !this.esm.has(s) && (() => { const file = this.resolve(s); return file !== undefined && isEsmFile(file); })());
  }

  /** Load ES modules with `import()` so a cell's `require` can return them synchronously. */
  async preload(specifiers: string[]): Promise<void> {
    for (const specifier of this.pendingEsm(specifiers)) {
      const namespace = (await import(pathToFileURL(this.resolve(specifier)!).href)) as Record<string, unknown>;
      // __esModule makes TypeScript's __importDefault/__importStar use `default` as the default export.
      this.esm.set(specifier, { ...namespace, __esModule: true });
    }
  }

  /**
   * Route the `require` calls of notebook code (cells, and the local `.ts` modules next to the
   * notebook that tslab compiles) through this resolver, process-wide: ES modules loaded by
   * `preload` come from the cache, and bare specifiers the notebook's folder cannot resolve come
   * from icp-lab's own package (so `import { show } from "icp-lab"` works in a helper module as in
   * a cell). tslab compiles local modules with Node's own `Module` and their `require` cannot be
   * handed in, hence the hook on `Module._load` (every CommonJS `require` goes through it). Other
   * code (anything inside a node_modules folder, anything outside the notebook's folder) is not
   * touched. Returns a function that removes the hook.
   */
  installNotebookRequire(): () => void {
    const internals = Module as unknown as { _load: ModuleLoad };
    const original = internals._load;
    const resolver = this;
    const hooked: ModuleLoad = function (this: unknown, request, parent, isMain) {
      if (!BARE.test(request) || !resolver.isNotebookFile(parent?.filename)) return original.call(this, request, parent, isMain);
      const loaded = resolver.esm.get(request);
      if (loaded) return loaded;
      try {
        return original.call(this, request, parent, isMain);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
        return resolver.fromIcpLab(request);
      }
    };
    internals._load = hooked;
    return () => {
      if (internals._load === hooked) internals._load = original;
    };
  }

  /** True for files of the notebook's folder (and below) that are not inside a node_modules folder. */
  isNotebookFile(file: string | null | undefined): boolean {
    if (!file) return false;
    const inside = relative(this.rootDir, file);
    return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) && !inside.split(sep).includes("node_modules");
  }
}
