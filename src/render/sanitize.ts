/**
 * Output HTML from notebooks is untrusted (Jupyter's trust model: an untrusted notebook's HTML is
 * sanitised, its scripts never run). The allow-list keeps what analyses produce — tables (pandas,
 * arquero), formatting, images embedded as data URIs, GFM footnotes and task lists — and drops
 * scripts, event handlers, iframes, forms, <style> blocks and anything that would load from the
 * network (a report must be one self-contained file).
 */
import sanitizeHtml from "sanitize-html";

const SAFE_STYLES: Record<string, RegExp[]> = {
  color: [/^[#\w(),.%\s-]+$/],
  "background-color": [/^[#\w(),.%\s-]+$/],
  "text-align": [/^(left|right|center|justify)$/],
  "font-weight": [/^(bold|normal|\d{3})$/],
  "font-style": [/^(italic|normal)$/],
  "white-space": [/^[\w-]+$/],
  width: [/^\d+(\.\d+)?(px|%|em|rem)?$/],
  height: [/^\d+(\.\d+)?(px|%|em|rem)?$/],
  "max-width": [/^\d+(\.\d+)?(px|%|em|rem)?$/],
  "vertical-align": [/^[\w-]+$/],
  padding: [/^[\d.\s]+(px|em|rem)?[\d.\spxem]*$/],
  border: [/^[\w\s#.()-]+$/],
  "border-collapse": [/^(collapse|separate)$/],
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags,
    "img", "del", "ins", "s", "sup", "sub", "input", "details", "summary", "section", "figure", "figcaption",
    "span", "div", "kbd", "samp", "var", "mark", "small", "u", "colgroup", "col",
  ],
  allowedAttributes: {
    "*": ["id", "class", "title", "align", "style", "lang", "dir", "role", "aria-*", "data-footnotes", "data-footnote-ref", "data-footnote-backref"],
    a: ["href", "name", "target", "rel"],
    img: ["src", "alt", "width", "height"],
    input: ["type", "checked", "disabled"],
    td: ["colspan", "rowspan", "valign"],
    th: ["colspan", "rowspan", "valign", "scope"],
    col: ["span", "width"],
    ol: ["start", "type"],
    details: ["open"],
  },
  allowedStyles: { "*": SAFE_STYLES },
  // Images only from data URIs: a remote src would be a network request from the report.
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  // Drop non-checkbox inputs, and images that are not data URIs (remote or relative: the report is one file).
  exclusiveFilter: (frame) => (frame.tag === "input" && frame.attribs.type !== "checkbox") || (frame.tag === "img" && !frame.attribs.src?.startsWith("data:")),
  transformTags: {
    // External links open outside the report and never leak the referrer.
    a: (tagName, attribs) => ({ tagName, attribs: attribs.href?.startsWith("#") ? attribs : { ...attribs, rel: "noopener noreferrer" } }),
  },
};

/**
 * Sanitise untrusted HTML (cell outputs, markdown with raw HTML).
 *
 * @example
 * sanitizeOutputHtml('<b onclick="x()">hi</b><script>alert(1)</script>'); // "<b>hi</b>"
 */
export function sanitizeOutputHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
