/**
 * The mark on a chart's static SVG that says "vega drew this from the spec next to it". A display
 * bundle carries a vega-lite (or vega) spec and vega's SVG of it (vegalite.ts); the output's
 * metadata records which spec (a SHA-256 of its JSON) and which vega / vega-lite versions drew it:
 *
 *   metadata["image/svg+xml"]["icp-lab"] = { from: "application/vnd.vegalite.v5+json", vega: "6.4.0", vegaLite: "6.4.3", spec: "<sha256 hex>" }
 *
 * The report renderer uses such an SVG instead of drawing the chart again when the versions are the
 * ones it would draw with (the picture would be the same); it redraws unmarked charts (other tools'
 * notebooks), charts whose spec was edited after they were drawn, and charts from other versions.
 * The mark only saves work: the SVG is still an untrusted notebook's SVG (sanitised like any other).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The key under the SVG's metadata that holds the mark. */
export const CHART_SVG_MARK_KEY = "icp-lab";

/** What the mark records. */
export interface ChartSvgMark {
  /** The mime type of the spec the SVG was drawn from. */
  from: string;
  /** vega's version that drew it. */
  vega: string;
  /** vega-lite's version that compiled the spec (vega-lite specs only). */
  vegaLite?: string;
  /** SHA-256 (hex) of the spec's JSON text. */
  spec: string;
}

let versions: { vega: string; vegaLite: string } | undefined;

/** The version in a package's package.json, found above its entry point (vega exports no package.json). */
function installedVersion(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}

/**
 * The vega and vega-lite versions this copy of icp-lab draws with, read from their package.json
 * files (without loading vega, which takes ~0.2 s).
 * @example
 * chartToolVersions() // { vega: "6.4.0", vegaLite: "6.4.3" }
 */
export function chartToolVersions(): { vega: string; vegaLite: string } {
  versions ??= { vega: installedVersion("vega"), vegaLite: installedVersion("vega-lite") };
  return versions;
}

/** SHA-256 of a spec's JSON text: the same spec read back from an .ipynb gives the same hash. */
function specHash(spec: unknown): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex");
}

/**
 * The mark for an SVG drawn here from `spec` (of mime type `from`).
 * @example
 * chartSvgMark(VEGALITE_MIME, spec) // { from: "application/vnd.vegalite.v5+json", vega: "6.4.0", vegaLite: "6.4.3", spec: "9f2c..." }
 */
export function chartSvgMark(from: string, spec: unknown): ChartSvgMark {
  const { vega, vegaLite } = chartToolVersions();
  return { from, vega, ...(from.includes("vegalite") ? { vegaLite } : {}), spec: specHash(spec) };
}

/**
 * The bundle's SVG when its mark says it was drawn from `spec` (of mime type `from`, in the same
 * bundle) by the vega / vega-lite versions installed here; otherwise undefined (draw it again).
 *
 * @param metadata the output's metadata (per-mime entries, as in nbformat)
 * @example
 * reusableChartSvg(output.data, output.metadata, VEGALITE_MIME) // "<svg ...>" or undefined
 */
export function reusableChartSvg(bundle: Record<string, unknown>, metadata: Record<string, unknown>, from: string): string | undefined {
  const svg = bundle["image/svg+xml"];
  const spec = bundle[from];
  const svgMetadata = metadata["image/svg+xml"];
  const mark = typeof svgMetadata === "object" && svgMetadata !== null ? ((svgMetadata as Record<string, unknown>)[CHART_SVG_MARK_KEY] as Partial<ChartSvgMark> | undefined) : undefined;
  if (typeof svg !== "string" || spec === undefined || typeof mark !== "object" || mark === null) return undefined;
  const { vega, vegaLite } = chartToolVersions();
  if (mark.from !== from || mark.vega !== vega) return undefined;
  if (from.includes("vegalite") && mark.vegaLite !== vegaLite) return undefined;
  return mark.spec === specHash(spec) ? svg : undefined;
}
