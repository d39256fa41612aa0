/**
 * vega-lite (and vega) specs as notebook output: the spec itself as
 * `application/vnd.vegalite.v5+json` (a JSON object — JupyterLab, VS Code and nteract render it
 * interactively) plus a static `image/svg+xml` rendering in the same bundle, so clients without a
 * vega renderer (nbconvert HTML, GitHub, our report renderer) still show the chart.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Spec as VegaSpec } from "vega";
import type { MimeBundle } from "./mime.js";
import { vegaLiteToSvg, vegaToSvg } from "./svg.js";

export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
export const VEGA_MIME = "application/vnd.vega.v5+json";

const VIEW_KEYS = ["mark", "layer", "hconcat", "vconcat", "concat", "facet", "repeat"];

function schemaOf(value: unknown): string | undefined {
  const schema = (value as { $schema?: unknown } | null)?.$schema;
  return typeof schema === "string" ? schema : undefined;
}

/**
 * True for vega-lite specs: a `$schema` naming vega-lite, or (no schema) a view key such as `mark`
 * or `layer` together with `data` or `encoding`.
 * @example
 * isVegaLiteSpec({ mark: "bar", data: { values: [] } }) // true
 */
export function isVegaLiteSpec(value: unknown): value is TopLevelSpec {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const schema = schemaOf(value);
  if (schema) return schema.includes("vega-lite");
  const keys = Object.keys(value);
  return keys.some((key) => VIEW_KEYS.includes(key)) && (keys.includes("data") || keys.includes("encoding"));
}

/** True for vega (not vega-lite) specs: a `$schema` under vega's schema path. */
export function isVegaSpec(value: unknown): value is VegaSpec {
  const schema = schemaOf(value);
  return schema !== undefined && /\/schema\/vega\//.test(schema);
}

/** A JSON-safe deep copy (Dates to ISO strings, bigints to numbers) so the bundle is pure JSON. */
function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) as T;
}

function describe(spec: Record<string, unknown>, kind: string): string {
  const title = typeof spec.title === "string" ? spec.title : (spec.title as { text?: unknown } | undefined)?.text;
  const mark = typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  return `<${kind} chart${mark ? ` (${String(mark)})` : ""}${title ? `: ${String(title)}` : ""}>`;
}

/**
 * The bundle of a vega-lite spec: the spec as JSON, its SVG rendering, and a one-line text.
 * When the SVG rendering fails the bundle still carries the spec, and the text says why.
 * @example
 * const bundle = await vegaLiteBundle({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { y: { field: "a", type: "quantitative" } } });
 * typeof bundle["image/svg+xml"] // "string"
 */
export async function vegaLiteBundle(spec: TopLevelSpec): Promise<MimeBundle> {
  const json = toJson(spec);
  const bundle: MimeBundle = { [VEGALITE_MIME]: json, "text/plain": describe(json as unknown as Record<string, unknown>, "vega-lite") };
  try {
    bundle["image/svg+xml"] = await vegaLiteToSvg(json);
  } catch (error) {
    bundle["text/plain"] += `\n(static SVG rendering failed: ${(error as Error).message})`;
  }
  return bundle;
}

/** The bundle of a vega spec: the spec as JSON, its SVG rendering, and a one-line text. */
export async function vegaBundle(spec: VegaSpec): Promise<MimeBundle> {
  const json = toJson(spec);
  const bundle: MimeBundle = { [VEGA_MIME]: json, "text/plain": describe(json as unknown as Record<string, unknown>, "vega") };
  try {
    bundle["image/svg+xml"] = await vegaToSvg(json);
  } catch (error) {
    bundle["text/plain"] += `\n(static SVG rendering failed: ${(error as Error).message})`;
  }
  return bundle;
}
