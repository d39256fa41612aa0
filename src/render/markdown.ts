/**
 * Markdown cells and text/markdown outputs to HTML: GitHub-flavoured markdown (tables, task lists,
 * footnotes, strikethrough, autolinks) via unified + remark-gfm, `$...$` / `$$...$$` math rendered
 * server-side with KaTeX, fenced code highlighted with shiki, `attachment:NAME` images inlined.
 *
 * Raw HTML inside markdown is untrusted like any output: the HTML is sanitised first, then math and
 * code (which we generate ourselves) are rendered into it, so KaTeX's markup never has to pass the
 * sanitiser's allow-list.
 */
import { createRequire } from "node:module";
import type Katex from "katex";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeRaw from "rehype-raw";
import rehypeStringify from "rehype-stringify";
import type { MimeBundle } from "./notebook.js";
import { sanitizeOutputHtml } from "./sanitize.js";
import { highlightCode } from "./highlight.js";
import { rehypeInlineImages, type ImageLoader } from "./images.js";

/** A heading found in markdown, with the unique anchor id it was given. */
export interface HeadingEntry {
  level: number;
  text: string;
  id: string;
}

/** Options for {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Cell attachments (`![](attachment:plot.png)`). Default none. */
  attachments?: Record<string, MimeBundle>;
  /** Prefix for footnote ids so footnotes of different cells never collide. Default "". */
  idPrefix?: string;
  /** Ids already used in the document; new heading ids are made unique against it and added. */
  usedIds?: Set<string>;
  /** Skip sanitising raw HTML (trusted notebooks). Default false. */
  trust?: boolean;
  /**
   * Embeds images referred to by path (`![](img/x.png)`, `<img src>`) as data URIs. Default: none,
   * so every image that is not a data URI or an attachment is left out (with a warning).
   */
  loadImage?: ImageLoader;
}

/** Markdown rendered to HTML plus the headings it contains (for the table of contents). */
export interface RenderedMarkdown {
  html: string;
  headings: HeadingEntry[];
  hasMath: boolean;
  /** What was left out and why (images that are remote, missing or not images). */
  warnings: string[];
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const textOf = (node: HastNode): string => (node.type === "text" ? (node.value ?? "") : (node.children ?? []).map(textOf).join(""));

/** A GitHub-style slug: lower case, spaces to dashes, punctuation dropped, made unique with -1, -2... */
export function uniqueSlug(text: string, usedIds: Set<string>): string {
  const base = text.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s+/g, "-") || "section";
  let id = base;
  for (let n = 1; usedIds.has(id); n++) id = `${base}-${n}`;
  usedIds.add(id);
  return id;
}

/** rehype plugin: give every heading a unique id and record it in file.data.headings. */
function rehypeHeadingIds() {
  return (tree: HastNode, file: { data: Record<string, unknown> }) => {
    const usedIds = file.data.usedIds as Set<string>;
    const headings: HeadingEntry[] = [];
    const walk = (node: HastNode) => {
      const match = node.type === "element" ? /^h([1-6])$/.exec(node.tagName ?? "") : null;
      const className = node.properties?.className;
      const screenReaderOnly = Array.isArray(className) && className.includes("sr-only"); // GFM's hidden "Footnotes" label
      if (match && !screenReaderOnly) {
        const text = textOf(node).trim();
        const id = uniqueSlug(text, usedIds);
        node.properties = { ...node.properties, id };
        headings.push({ level: Number(match[1]), text, id });
      }
      node.children?.forEach(walk);
    };
    walk(tree);
    file.data.headings = headings;
  };
}

/** Decode the character references hast-util-to-html writes inside code elements. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name]!);
}

let katex: typeof Katex | undefined;

/** KaTeX is loaded the first time a report has math (its CommonJS build, so renderMath stays synchronous). */
function loadKatex(): typeof Katex {
  katex ??= createRequire(import.meta.url)("katex") as typeof Katex;
  return katex;
}

/**
 * Render TeX with KaTeX (HTML + MathML); a TeX error shows the source in red instead of failing.
 *
 * @example
 * renderMath("E = mc^2", false); // '<span class="katex">...'
 */
export function renderMath(tex: string, displayMode: boolean): string {
  return loadKatex().renderToString(tex, { displayMode, throwOnError: false, output: "htmlAndMathml", strict: "ignore", trust: false });
}

function inlineAttachments(source: string, attachments: Record<string, MimeBundle>): string {
  let inlined = source;
  for (const [name, bundle] of Object.entries(attachments)) {
    const mime = Object.keys(bundle).find((key) => key.startsWith("image/"));
    if (!mime) continue;
    const data = String(bundle[mime]).replace(/\s+/g, "");
    const uri = mime === "image/svg+xml" && !/^[A-Za-z0-9+/=]+$/.test(data) ? `data:${mime};base64,${Buffer.from(String(bundle[mime])).toString("base64")}` : `data:${mime};base64,${data}`;
    inlined = inlined.split(`attachment:${name}`).join(uri);
  }
  return inlined;
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeInlineImages)
  .use(rehypeHeadingIds)
  .use(rehypeStringify);

const DISPLAY_MATH = /<pre><code class="language-math math-display">([\s\S]*?)<\/code><\/pre>/g;
const INLINE_MATH = /<code class="language-math math-inline">([\s\S]*?)<\/code>/g;
const FENCED_CODE = /<pre><code class="language-([\w+#.-]+)">([\s\S]*?)<\/code><\/pre>/g;

/**
 * Render markdown (GFM + math) to HTML.
 *
 * @example
 * const { html, headings } = await renderMarkdown("# Churn\n\n| a |\n|---|\n| 1 |", { usedIds: new Set() });
 * headings[0]; // { level: 1, text: "Churn", id: "churn" }
 */
export async function renderMarkdown(source: string, options: MarkdownOptions = {}): Promise<RenderedMarkdown> {
  const usedIds = options.usedIds ?? new Set<string>();
  const file = await processor.process({ value: inlineAttachments(source, options.attachments ?? {}), data: { usedIds, loadImage: options.loadImage } });
  let html = String(file);
  if (options.idPrefix) {
    html = html
      .replace(/(id|href)="(#?)user-content-/g, `$1="$2${options.idPrefix}user-content-`)
      .replace(/(id|aria-describedby)="footnote-label"/g, `$1="${options.idPrefix}footnote-label"`);
  }
  if (!options.trust) html = sanitizeOutputHtml(html);
  let hasMath = false;
  html = html
    .replace(DISPLAY_MATH, (_, tex: string) => ((hasMath = true), `<div class="math-display">${renderMath(decodeEntities(tex), true)}</div>`))
    .replace(INLINE_MATH, (_, tex: string) => ((hasMath = true), renderMath(decodeEntities(tex), false)));
  const blocks: Array<Promise<string>> = [];
  html.replace(FENCED_CODE, (_, lang: string, code: string) => {
    blocks.push(highlightCode(decodeEntities(code), lang));
    return "";
  });
  const highlighted = await Promise.all(blocks);
  let next = 0;
  html = html.replace(FENCED_CODE, () => highlighted[next++]);
  return { html, headings: (file.data.headings as HeadingEntry[]) ?? [], hasMath, warnings: (file.data.imageWarnings as string[]) ?? [] };
}
