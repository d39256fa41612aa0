/**
 * vega-lite (and vega) specs as notebook output: the spec itself as
 * `application/vnd.vegalite.v5+json` (a JSON object — JupyterLab, VS Code and nteract render it
 * interactively) plus a static `image/svg+xml` rendering in the same bundle, so clients without a
 * vega renderer (nbconvert HTML, GitHub, our report renderer) still show the chart.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Spec as VegaSpec } from "vega";
import { CHART_SVG_MARK_KEY, chartSvgMark } from "./chart-mark.js";
import type { DisplayPayload, MimeBundle } from "./mime.js";
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
 * A chart's display payload: the spec as JSON, vega's SVG of it, a one-line text, and in the
 * metadata the mark that says which spec and vega version drew the SVG (chart-mark.ts), so a
 * report renderer can use the SVG instead of drawing the chart again. When drawing fails the bundle
 * still carries the spec, and the text says why.
 */
async function chartPayload(mime: string, spec: object, kind: string, draw: (json: never) => Promise<string>): Promise<DisplayPayload> {
  const json = toJson(spec);
  const data: MimeBundle = { [mime]: json, "text/plain": describe(json as Record<string, unknown>, kind) };
  try {
    data["image/svg+xml"] = await draw(json as never);
  } catch (error) {
    data["text/plain"] += `\n(static SVG rendering failed: ${(error as Error).message})`;
    return { data, metadata: {} };
  }
  return { data, metadata: { "image/svg+xml": { [CHART_SVG_MARK_KEY]: chartSvgMark(mime, json) } } };
}

/** The display payload of a vega-lite spec (see {@link vegaLiteBundle}), with the SVG's mark in its metadata. */
export function vegaLitePayload(spec: TopLevelSpec): Promise<DisplayPayload> {
  return chartPayload(VEGALITE_MIME, spec, "vega-lite", vegaLiteToSvg);
}

/** The display payload of a vega spec (see {@link vegaBundle}), with the SVG's mark in its metadata. */
export function vegaPayload(spec: VegaSpec): Promise<DisplayPayload> {
  return chartPayload(VEGA_MIME, spec, "vega", vegaToSvg);
}

/**
 * The bundle of a vega-lite spec: the spec as JSON, its SVG rendering, and a one-line text.
 * When the SVG rendering fails the bundle still carries the spec, and the text says why.
 * @example
 * const bundle = await vegaLiteBundle({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { y: { field: "a", type: "quantitative" } } });
 * typeof bundle["image/svg+xml"] // "string"
 */
export async function vegaLiteBundle(spec: TopLevelSpec): Promise<MimeBundle> {
  return (await vegaLitePayload(spec)).data;
}

/** The bundle of a vega spec: the spec as JSON, its SVG rendering, and a one-line text. */
export async function vegaBundle(spec: VegaSpec): Promise<MimeBundle> {
  return (await vegaPayload(spec)).data;
}
