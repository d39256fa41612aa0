/**
 * Precompiled templates: `NAME.mdx.compiled.json` next to `NAME.mdx` holds the compiled code, so
 * rendering with that template needs neither mdx-bundler nor esbuild (about 0.5 s of a cold render).
 * The built-in default layout ships one (`UPDATE_SNAPSHOTS=1 npx vitest run test/render/template.test.ts`
 * rewrites it); any template folder may.
 *
 * A precompiled file is used only while it matches what it was compiled from: the same format
 * version and, for every source file (the .mdx and each component it imports), the same SHA-256.
 * Otherwise the template is compiled again, so a stale file costs time, never correctness.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BundledTemplate } from "./template-bundle.js";

/** Bump when the compile options or the runtime contract of compiled code change (template-bundle.ts, template-errors.ts). */
export const PRECOMPILED_FORMAT = 1;

/**
 * Compiled code names its template's absolute path (each element's source location); a
 * precompiled file stores this folder instead, so it is the same on every machine.
 */
export const PRECOMPILED_DIR = "/__icp_template_dir__";

/** The file a template's precompiled form lives in. */
export const precompiledPath = (templateFile: string) => `${templateFile}.compiled.json`;

interface PrecompiledFile extends BundledTemplate {
  format: number;
  /** Source files (relative to the template's folder) -> SHA-256 of their content. */
  inputs: Record<string, string>;
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The template's source files: the ones its source map names (not esbuild's virtual modules). */
function sourceFiles(bundled: BundledTemplate, templateFile: string): string[] {
  const dir = dirname(templateFile);
  const files = (bundled.map?.sources ?? []).filter((source) => !/^[\w-]+:/.test(source) && !source.includes("_mdx_bundler_entry_point")).map((source) => resolve(dir, source));
  return [...new Set([templateFile, ...files])];
}

/** The precompiled form of `templateFile`, when there is one and it is up to date. */
export function readPrecompiled(templateFile: string): BundledTemplate | undefined {
  const path = precompiledPath(templateFile);
  if (!existsSync(path)) return undefined;
  let stored: PrecompiledFile;
  try {
    stored = JSON.parse(readFileSync(path, "utf8")) as PrecompiledFile;
  } catch {
    return undefined;
  }
  if (stored.format !== PRECOMPILED_FORMAT || typeof stored.code !== "string") return undefined;
  const dir = dirname(templateFile);
  for (const [relativePath, hash] of Object.entries(stored.inputs ?? {})) {
    const file = resolve(dir, relativePath);
    if (!existsSync(file) || sha256(file) !== hash) return undefined;
  }
  const escapedDir = JSON.stringify(dir).slice(1, -1);
  return { code: stored.code.split(PRECOMPILED_DIR).join(escapedDir), map: stored.map, frontmatter: stored.frontmatter };
}

/**
 * The precompiled file's content for a freshly bundled template (its folder replaced by
 * {@link PRECOMPILED_DIR}); deterministic, so it can be committed and compared.
 */
export function precompiledContent(templateFile: string, bundled: BundledTemplate): string {
  const dir = dirname(templateFile);
  const inputs: Record<string, string> = {};
  for (const file of sourceFiles(bundled, templateFile)) inputs[file.slice(dir.length + 1)] = sha256(file);
  // The folder appears in the code inside JSON string literals (jsxDEV fileName, MDX's messages).
  const escapedDir = JSON.stringify(dir).slice(1, -1);
  const stored: PrecompiledFile = { format: PRECOMPILED_FORMAT, inputs, frontmatter: bundled.frontmatter, code: bundled.code.split(escapedDir).join(PRECOMPILED_DIR), map: bundled.map };
  return `${JSON.stringify(stored, null, 1)}\n`;
}

/** Write the precompiled file of a template. */
export function writePrecompiled(templateFile: string, bundled: BundledTemplate): void {
  writeFileSync(precompiledPath(templateFile), precompiledContent(templateFile, bundled));
}
