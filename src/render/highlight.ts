/**
 * Server-side syntax highlighting with shiki (TextMate grammars, the same as VS Code), so reports
 * need no highlighting script. Colours are inline styles; one highlighter is created per process.
 *
 * shiki's fine-grained core: the highlighter starts with the one theme and no grammar, and each
 * language's grammar (with the ones it embeds) is loaded the first time code in it is highlighted,
 * so a TypeScript notebook loads the TypeScript grammar and nothing else.
 */
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createOnigurumaEngine } from "shiki/engine/oniguruma";
import { bundledLanguages, type BundledLanguage } from "shiki/langs";
import { bundledThemes } from "shiki/themes";
import { escapeHtml } from "../display/index.js";

/** The shiki theme used for code in reports. */
export const HIGHLIGHT_THEME = "github-light";

let highlighterPromise: Promise<HighlighterCore> | undefined;

function getHighlighter(): Promise<HighlighterCore> {
  highlighterPromise ??= createHighlighterCore({ themes: [bundledThemes[HIGHLIGHT_THEME]], langs: [], engine: createOnigurumaEngine(import("shiki/wasm")) });
  return highlighterPromise;
}

/** Language aliases notebooks use that shiki names differently. */
const LANGUAGE_ALIASES: Record<string, string> = { ipython: "python", ipython3: "python", python3: "python", ts: "typescript", js: "javascript", sh: "bash" };

function knownLanguage(language: string): BundledLanguage | undefined {
  const name = (LANGUAGE_ALIASES[language.toLowerCase()] ?? language.toLowerCase()) as BundledLanguage;
  return name in bundledLanguages ? name : undefined;
}

// One HTML escaper for the whole project lives in display; the render stages import it from here.
export { escapeHtml };

/**
 * Highlight `code` as `language` to a `<pre class="shiki">` block; unknown languages come back
 * escaped in a plain `<pre>`.
 *
 * @example
 * const html = await highlightCode("const x = 1", "typescript");
 * html.startsWith('<pre class="shiki'); // true
 */
export async function highlightCode(code: string, language: string): Promise<string> {
  const lang = knownLanguage(language);
  if (!lang) return `<pre class="code-plain"><code>${escapeHtml(code)}</code></pre>`;
  const highlighter = await getHighlighter();
  if (!highlighter.getLoadedLanguages().includes(lang)) await highlighter.loadLanguage(bundledLanguages[lang]);
  // No time limit: by default shiki stops colouring a block after 500 ms, so on a busy machine the
  // first block (which compiles the grammar) came out partly plain.
  return highlighter.codeToHtml(code.replace(/\n$/, ""), { lang, theme: HIGHLIGHT_THEME, tokenizeTimeLimit: 0 });
}
