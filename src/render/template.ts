/**
 * MDX report templates: finding them (a built-in layout name or a path), compiling them with
 * mdx-bundler (local imports of the template's own components work; GFM inside the template), and
 * turning compile errors into RenderErrors that name the template file and line.
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
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";
import { RenderError } from "../errors/index.js";
import { REPORT_COMPONENT_NAMES } from "./components.js";

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
  if (!found) throw new RenderError(`unknown template "${nameOrPath}": pass a path to an .mdx file or one of the built-in layouts (default)`, { template: nameOrPath });
  return found;
}

/** Lines taken by the frontmatter block (gray-matter strips it before MDX sees the text). */
function frontmatterLineCount(source: string): number {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(source);
  return match ? match[0].split("\n").length - 1 : 0;
}

/** Components used as JSX tags that are neither built in, imported nor defined in the template. */
function checkComponents(file: string, source: string): void {
  const withoutCode = source.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, " "));
  const known = new Set<string>(REPORT_COMPONENT_NAMES);
  for (const match of withoutCode.matchAll(/^\s*import\s+([\s\S]*?)\s+from\s/gm)) {
    for (const name of match[1].replace(/[{}*]/g, " ").split(/[\s,]+/)) if (name && name !== "as") known.add(name);
  }
  for (const match of withoutCode.matchAll(/^\s*export\s+(?:const|function|let)\s+([A-Z]\w*)/gm)) known.add(match[1]);
  for (const match of withoutCode.matchAll(/<([A-Z][\w.]*)[\s/>]/g)) {
    const name = match[1].split(".")[0];
    if (known.has(name)) continue;
    const line = withoutCode.slice(0, match.index).split("\n").length;
    throw new RenderError(`template ${file}:${line}: unknown component <${match[1]}>; built-in components are ${REPORT_COMPONENT_NAMES.join(", ")} (import your own at the top of the template)`, { template: file, line });
  }
}

const INLINE_SOURCE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\n?/;

/** esbuild's inline source map, taken out of the code (the code keeps its line numbers). */
function splitInlineSourceMap(bundledCode: string): { code: string; map?: object } {
  const match = INLINE_SOURCE_MAP.exec(bundledCode);
  if (!match) return { code: bundledCode };
  return { code: bundledCode.replace(INLINE_SOURCE_MAP, "\n"), map: JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as object };
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
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
  const source = readFileSync(file, "utf8");
  const offset = frontmatterLineCount(source);
  checkComponents(file, source.split("\n").map((line, i) => (i < offset ? "" : line)).join("\n"));
  let bundled: Awaited<ReturnType<typeof bundleMDX<TemplateFrontmatter>>>;
  try {
    bundled = await bundleMDX<TemplateFrontmatter>({
      file,
      cwd: dirname(file),
      // Development mode: every JSX element carries the file and line it was written at, so errors at
      // render time name them (template-errors.ts provides the runtime, as the global _jsx_dev_runtime).
      globals: { "react/jsx-dev-runtime": { varName: "_jsx_dev_runtime", type: "cjs" } },
      esbuildOptions(options) {
        options.logLevel = "silent"; // errors are reported as RenderErrors, not printed by esbuild
        options.jsxDev = true;
        options.minify = false; // keeps component names for messages; templates are small
        options.sourcemap = "inline"; // split off below; maps errors thrown inside a template's own code
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.development = true;
        return options;
      },
    });
  } catch (error) {
    const messages = ((error as { errors?: EsbuildMessage[] }).errors ?? []) as EsbuildMessage[];
    const first = messages[0];
    if (first?.location) {
      const inTemplate = resolve(dirname(file), first.location.file) === file || first.location.file.includes("_mdx_bundler_entry_point") || basename(first.location.file) === basename(file);
      // esbuild's location is already a line of the file as written (frontmatter included).
      const mdxPosition = /(\d+):(\d+)(?:-\d+:\d+)?: /.exec(first.text);
      const line = mdxPosition ? Number(mdxPosition[1]) : first.location.line;
      const where = inTemplate ? file : resolve(dirname(file), first.location.file);
      const text = first.text.replace(/^Cannot process MDX file with esbuild:\s*/, "").replace(/^\d+:\d+(-\d+:\d+)?: /, "").replace(/\s+/g, " ").trim();
      throw new RenderError(`template ${where}:${line}: ${text}`, { template: where, line }, { cause: error });
    }
    throw new RenderError(`template ${file}: ${(error as Error).message}`, { template: file }, { cause: error });
  }
  const cssFiles = [bundled.frontmatter.css ?? []].flat().map((css) => resolve(dirname(file), css));
  const sibling = file.replace(/\.mdx$/, ".css");
  if (existsSync(sibling) && !cssFiles.includes(sibling)) cssFiles.push(sibling);
  const css = cssFiles
    .map((cssFile) => {
      if (!existsSync(cssFile)) throw new RenderError(`template ${file}: stylesheet ${cssFile} (frontmatter css) does not exist`, { template: file });
      return readFileSync(cssFile, "utf8");
    })
    .join("\n");
  const { code, map } = splitInlineSourceMap(bundled.code);
  const compiled: CompiledTemplate = { file, code, frontmatter: bundled.frontmatter ?? {}, css, map };
  cache.set(file, { mtimeMs, compiled });
  return compiled;
}
