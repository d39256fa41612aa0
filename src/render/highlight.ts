/**
 * Server-side syntax highlighting with shiki (TextMate grammars, the same as VS Code), so reports
 * need no highlighting script. Colours are inline styles; one highlighter is created per process
 * and languages are loaded on first use.
 */
import { bundledLanguages, createHighlighter, type BundledLanguage, type Highlighter } from "shiki";
import { escapeHtml } from "../display/index.js";

/** The shiki theme used for code in reports. */
export const HIGHLIGHT_THEME = "github-light";

let highlighterPromise: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighterPromise ??= createHighlighter({ themes: [HIGHLIGHT_THEME], langs: [] });
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
  if (!highlighter.getLoadedLanguages().includes(lang)) await highlighter.loadLanguage(lang);
  return highlighter.codeToHtml(code.replace(/\n$/, ""), { lang, theme: HIGHLIGHT_THEME });
}
