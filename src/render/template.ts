/**
 * MDX report templates: finding them (a built-in layout name or a path) and compiling them — from
 * an up-to-date precompiled file when there is one (template-precompiled.ts; the default layout
 * ships one), else with mdx-bundler (template-bundle.ts: local imports of the template's own
 * components, GFM, compile errors naming the template file and line).
 *
 * Template frontmatter (all optional):
 * ```yaml
 * title: Quarterly ICP review     # report title unless the notebook or the caller sets one
 * subtitle: ...
 * noInput: true                   # hide all code (stakeholder templates)
 * css: [report.css]               # extra stylesheets, relative to the template
 * ```
 * A stylesheet next to the template with the same base name (`report.mdx` -> `report.css`) is
 * always added.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ParameterError, RenderError } from "../errors/index.js";
import { readPrecompiled } from "./template-precompiled.js";

/** Frontmatter fields a template may set. */
export interface TemplateFrontmatter {
  title?: string;
  subtitle?: string;
  author?: string;
  period?: string;
  noInput?: boolean;
  css?: string | string[];
  [key: string]: unknown;
}

/** A compiled template, ready for renderHtml. */
export interface CompiledTemplate {
  file: string;
  code: string;
  frontmatter: TemplateFrontmatter;
  /** The template's own CSS (frontmatter `css` files and `<name>.css`). */
  css: string;
  /** Source map of `code` back to the template and its component files (errors at render time name their line). */
  map?: object;
  /** True when the code came from an up-to-date precompiled file (template-precompiled.ts), not from mdx-bundler. */
  precompiled: boolean;
}

/** The icp-lab package root (src/render and dist/render are both two levels down). */
function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** Folder of the built-in layouts (shipped in the package as src/render/layouts). */
export function builtinLayoutDir(): string {
  return join(packageRoot(), "src", "render", "layouts");
}

/**
 * Resolve a template argument: a path to an `.mdx` file (relative to `baseDir`), or the name of a
 * built-in layout (`default`) or of a template in the package's `templates/` folder.
 *
 * @example
 * resolveTemplate("default"); // ".../src/render/layouts/default.mdx"
 * resolveTemplate("./my-report.mdx", process.cwd());
 */
export function resolveTemplate(nameOrPath = "default", baseDir = process.cwd()): string {
  if (extname(nameOrPath) === ".mdx" || nameOrPath.includes("/") || nameOrPath.includes("\\")) {
    const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(baseDir, nameOrPath);
    if (!existsSync(file)) throw new RenderError(`template ${file} does not exist`, { template: file });
    return file;
  }
  const candidates = [join(builtinLayoutDir(), `${nameOrPath}.mdx`), join(packageRoot(), "templates", `${nameOrPath}.mdx`), join(packageRoot(), "templates", nameOrPath, "template.mdx")];
  const found = candidates.find((candidate) => existsSync(candidate));
  // A name that is no template is a usage error (exit code 2), like any bad option value.
  if (!found) throw new ParameterError(`unknown template "${nameOrPath}": use one of ${templateNames().join(", ")}, or a path to an .mdx file`, { template: nameOrPath });
  return found;
}

/** Names `resolveTemplate` accepts: the built-in layouts and the package's `templates/` entries, in that order. */
export function templateNames(): string[] {
  const mdxNames = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(".mdx")).map((file) => file.slice(0, -4)) : []);
  const templatesDir = join(packageRoot(), "templates");
  const folders = existsSync(templatesDir) ? readdirSync(templatesDir).filter((name) => existsSync(join(templatesDir, name, "template.mdx"))) : [];
  return [...new Set([...mdxNames(builtinLayoutDir()), ...mdxNames(templatesDir), ...folders])].sort();
}

const cache = new Map<string, { mtimeMs: number; compiled: CompiledTemplate }>();

/**
 * Compile an MDX template (cached per file and modification time).
 *
 * @throws RenderError "template FILE:LINE: message" for syntax errors, unknown components and failed imports
 * @example
 * const template = await compileTemplate(resolveTemplate("default"));
 */
export async function compileTemplate(file: string): Promise<CompiledTemplate> {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.compiled;
  // A precompiled template needs neither mdx-bundler nor esbuild; load them only when compiling.
  const precompiled = readPrecompiled(file);
  const bundled = precompiled ?? (await (await import("./template-bundle.js")).bundleTemplate(file));
  const frontmatter = bundled.frontmatter as TemplateFrontmatter;
  const cssFiles = [frontmatter.css ?? []].flat().map((css) => resolve(dirname(file), css));
  const sibling = file.replace(/\.mdx$/, ".css");
  if (existsSync(sibling) && !cssFiles.includes(sibling)) cssFiles.push(sibling);
  const css = cssFiles
    .map((cssFile) => {
      if (!existsSync(cssFile)) throw new RenderError(`template ${file}: stylesheet ${cssFile} (frontmatter css) does not exist`, { template: file });
      return readFileSync(cssFile, "utf8");
    })
    .join("\n");
  const compiled: CompiledTemplate = { file, code: bundled.code, frontmatter, css, map: bundled.map, precompiled: precompiled !== undefined };
  cache.set(file, { mtimeMs, compiled });
  return compiled;
}
