/**
 * Compiling an MDX template with mdx-bundler (esbuild + MDX): local imports of the template's own
 * components work, GFM inside the template, compile errors become RenderErrors naming the template
 * file and line. Templates are compiled in development mode, so every JSX element carries the file
 * and line it was written at (template-errors.ts turns render-time errors into "FILE:LINE" with it).
 *
 * This module loads mdx-bundler and esbuild (~0.3 s); template.ts imports it only when a template has
 * no up-to-date precompiled file (template-precompiled.ts).
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { bundleMDX } from "mdx-bundler";
import remarkGfm from "remark-gfm";
import { RenderError } from "../errors/index.js";
import { REPORT_COMPONENT_NAMES } from "./components.js";

/** What bundling a template produces. */
export interface BundledTemplate {
  /** The code getMDXComponent runs (global `_jsx_dev_runtime`, see template-errors.ts). */
  code: string;
  /** Source map of `code`; `sources` are relative to the template's folder. */
  map?: { sources: string[] } & Record<string, unknown>;
  frontmatter: Record<string, unknown>;
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
function splitInlineSourceMap(bundledCode: string): Pick<BundledTemplate, "code" | "map"> {
  const match = INLINE_SOURCE_MAP.exec(bundledCode);
  if (!match) return { code: bundledCode };
  return { code: bundledCode.replace(INLINE_SOURCE_MAP, "\n"), map: JSON.parse(Buffer.from(match[1], "base64").toString("utf8")) as BundledTemplate["map"] };
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number; lineText?: string } | null;
}

/** An esbuild/MDX compile error as "template FILE:LINE: message". */
function compileError(file: string, error: unknown): RenderError {
  const messages = ((error as { errors?: EsbuildMessage[] }).errors ?? []) as EsbuildMessage[];
  const first = messages[0];
  if (first?.location) {
    const inTemplate = resolve(dirname(file), first.location.file) === file || first.location.file.includes("_mdx_bundler_entry_point") || basename(first.location.file) === basename(file);
    // esbuild's location is already a line of the file as written (frontmatter included).
    const mdxPosition = /(\d+):(\d+)(?:-\d+:\d+)?: /.exec(first.text);
    const line = mdxPosition ? Number(mdxPosition[1]) : first.location.line;
    const where = inTemplate ? file : resolve(dirname(file), first.location.file);
    const text = first.text.replace(/^Cannot process MDX file with esbuild:\s*/, "").replace(/^\d+:\d+(-\d+:\d+)?: /, "").replace(/\s+/g, " ").trim();
    return new RenderError(`template ${where}:${line}: ${text}`, { template: where, line }, { cause: error });
  }
  return new RenderError(`template ${file}: ${(error as Error).message}`, { template: file }, { cause: error });
}

/**
 * Compile one MDX template file.
 *
 * @throws RenderError "template FILE:LINE: message" for syntax errors, unknown components and failed imports
 * @example
 * const { code, frontmatter } = await bundleTemplate("/work/report.mdx");
 */
export async function bundleTemplate(file: string): Promise<BundledTemplate> {
  const source = readFileSync(file, "utf8");
  const offset = frontmatterLineCount(source);
  checkComponents(file, source.split("\n").map((line, i) => (i < offset ? "" : line)).join("\n"));
  try {
    const bundled = await bundleMDX<Record<string, unknown>>({
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
    return { ...splitInlineSourceMap(bundled.code), frontmatter: bundled.frontmatter ?? {} };
  } catch (error) {
    throw compileError(file, error);
  }
}
