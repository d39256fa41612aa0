/**
 * Batch runs: `--matrix region=EMEA,APAC,AMER` (repeatable) expands to one parameter set per
 * combination, the cartesian product of every matrix axis, each merged over the shared parameters.
 */
import { ParameterError } from "../errors/index.js";

export type MatrixAxis = { name: string; values: string[] };

/** Parse one `--matrix name=v1,v2,...` option. */
export function parseMatrixAxis(text: string): MatrixAxis {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq).trim() : "";
  const values = eq > 0 ? text.slice(eq + 1).split(",").map((v) => v.trim()).filter(Boolean) : [];
  if (!name || values.length === 0) throw new ParameterError(`--matrix '${text}': expected name=value1,value2,...`, { value: text });
  if (new Set(values).size !== values.length) throw new ParameterError(`--matrix '${text}': a value is repeated`, { value: text });
  return { name, values };
}

/** Every combination of the axes' values, in order (first axis slowest). No axes: one empty combination. */
export function expandMatrix(axes: MatrixAxis[]): Record<string, string>[] {
  const names = axes.map((a) => a.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new ParameterError(`--matrix names '${repeated}' twice`, { name: repeated });
  return axes.reduce<Record<string, string>[]>(
    (combos, axis) => combos.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.name]: value }))),
    [{}],
  );
}

/** A folder-safe name for one combination, e.g. {region: "EMEA"} -> "region-EMEA". */
export function combinationSlug(combination: Record<string, string>): string {
  const slug = Object.entries(combination)
    .map(([name, value]) => `${name}-${value}`)
    .join("_")
    .replace(/[^A-Za-z0-9._-]+/g, "-");
  return slug || "default";
}
