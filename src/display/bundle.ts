/**
 * The display sink's dispatcher: any value -> its mime bundle. Order: the value's own
 * `[toMimeBundle]()`, its `[toCard]()`, registered renderers, then the built-ins (arquero table,
 * vega-lite / vega spec, card-shaped object, plain object/array as JSON, everything else as text).
 */
import { inspect } from "node:util";
import { cardBundle, isCard, type Card } from "./card.js";
import { displayRenderers, hasMethod, toCard, toMimeBundle, type DisplayPayload, type MimeBundle } from "./mime.js";
import { isTableLike, tableBundle, type TableDisplayOptions } from "./table.js";
import { isVegaLiteSpec, isVegaSpec, vegaLitePayload, vegaPayload } from "./vegalite.js";

export interface MimeBundleOptions {
  /** How arquero tables are paginated. */
  table?: TableDisplayOptions;
  /**
   * How strings show: "raw" prints them as they are (what `show("text")` wants), "inspect" quotes
   * them like the Node REPL (what a cell's last expression shows). Default "raw".
   */
  strings?: "raw" | "inspect";
}

function isPlainData(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function jsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined; // cycles and the like: text/plain only
  }
}

/**
 * The mime bundle for any value (always with `text/plain`).
 * @example
 * await mimeBundleOf({ a: 1 }) // { "text/plain": "{ a: 1 }", "application/json": { a: 1 } }
 */
export async function mimeBundleOf(value: unknown, options: MimeBundleOptions = {}): Promise<MimeBundle> {
  return (await displayPayloadOf(value, options)).data;
}

/**
 * The display payload for any value: its mime bundle plus the output metadata that goes with it
 * (a chart's SVG carries the mark of the spec it was drawn from, see chart-mark.ts).
 * @example
 * (await displayPayloadOf(spec)).metadata // { "image/svg+xml": { "icp-lab": { from: "application/vnd.vegalite.v5+json", ... } } }
 */
export async function displayPayloadOf(value: unknown, options: MimeBundleOptions = {}): Promise<DisplayPayload> {
  const bare = (data: MimeBundle): DisplayPayload => ({ data, metadata: {} });
  if (hasMethod(value, toMimeBundle)) return bare(withText((await value[toMimeBundle]()) as MimeBundle, value));
  if (hasMethod(value, toCard)) return bare(cardBundle((await value[toCard]()) as Card));
  for (const renderer of displayRenderers()) {
    if (renderer.test(value)) return bare(withText(await renderer.render(value), value));
  }
  if (isTableLike(value)) return bare(tableBundle(value, options.table));
  if (isVegaLiteSpec(value)) return vegaLitePayload(value);
  if (isVegaSpec(value)) return vegaPayload(value);
  if (isCard(value)) return bare(cardBundle(value));
  if (typeof value === "string" && (options.strings ?? "raw") === "raw") return bare({ "text/plain": value });
  const text = inspect(value, { depth: 4, colors: false, maxArrayLength: 50 });
  if (isPlainData(value)) {
    const json = jsonSafe(value);
    if (json !== undefined) return bare({ "text/plain": text, "application/json": json });
  }
  return bare({ "text/plain": text });
}

function withText(bundle: MimeBundle, value: unknown): MimeBundle {
  return "text/plain" in bundle ? bundle : { ...bundle, "text/plain": inspect(value, { depth: 2 }) };
}
