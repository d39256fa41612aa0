/**
 * Static SVG for charts: vega-lite and vega specs rendered in Node with no canvas (vega's
 * headless 'none' renderer). Used for the `image/svg+xml` fallback in notebook display bundles and
 * for vector charts in HTML/PDF reports.
 *
 * vega 6 and vega-lite 6 are ESM-only with a top-level await (vega-canvas), so they are imported
 * dynamically from this real module, never from notebook code.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Spec as VegaSpec } from "vega";

type VegaModule = typeof import("vega");
type VegaLiteModule = typeof import("vega-lite");

let modules: Promise<[VegaModule, VegaLiteModule]> | undefined;

/** Load vega and vega-lite once (~0.2 s), on first use. */
function loadVega(): Promise<[VegaModule, VegaLiteModule]> {
  modules ??= Promise.all([import("vega"), import("vega-lite")]);
  return modules;
}

/** Compile a vega-lite spec to a vega spec. */
export async function compileVegaLite(spec: TopLevelSpec): Promise<VegaSpec> {
  const [, vegaLite] = await loadVega();
  return vegaLite.compile(spec).spec;
}

/** Render a vega spec to an SVG string (fonts and sizes as the spec says). */
export async function vegaToSvg(spec: VegaSpec): Promise<string> {
  const [vega] = await loadVega();
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render a vega-lite spec to an SVG string. */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  return vegaToSvg(await compileVegaLite(spec));
}
