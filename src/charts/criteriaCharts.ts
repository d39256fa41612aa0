/**
 * Criteria charts (vega-lite spec builders, pure: arquero table -> spec): coverage bars and the
 * UpSet-style overlap of criteria. Colours from the Okabe-Ito palette (safe for the common forms
 * of colour blindness; Okabe & Ito 2008, "Color Universal Design").
 */
import type { TopLevelSpec } from "vega-lite";
import type { Table } from "../data/index.js";
import { labelOf, type ValueLabels } from "./labels.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Okabe-Ito colour-blind-safe palette (orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black). */
export const OKABE_ITO_PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];

/**
 * Coverage bars: share of buyers meeting each criterion (or cohort), sorted, with the count as label.
 * Not-evaluable rows are listed with a note instead of a bar.
 *
 * @example
 * criteriaCoverageSpec(await evaluation.coverage(), { kind: "criterion" });
 */
export function criteriaCoverageSpec(coverage: Table, options: { kind?: "criterion" | "cohort"; title?: string } = {}): TopLevelSpec {
  const kind = options.kind ?? "criterion";
  // Sorted here rather than with an encoding sort: a field sort shared by the bar and text layers
  // makes vega-lite warn about conflicting sorts (printed into notebooks and reports).
  const rows = (coverage.objects() as Record<string, unknown>[]).filter((r) => r.kind === kind)
    // Counts as the report's tables print them ("1,400", not "1400").
    .map((r) => ({ ...r, label: r.evaluable ? Number(r.customers).toLocaleString("en-US") : "not evaluable", shareOrZero: (r.share as number | null) ?? 0 }))
    .sort((a, b) => b.shareOrZero - a.shareOrZero);
  return {
    $schema: SCHEMA,
    title: options.title ?? (kind === "criterion" ? "Buyers meeting each criterion" : "Buyers in each cohort"),
    data: { values: rows },
    encoding: {
      y: { field: "name", type: "nominal", sort: null, title: null, axis: { labelLimit: 260 } },
      x: { field: "shareOrZero", type: "quantitative", title: "share of buyers (%)", axis: { format: "%" }, scale: { domain: [0, 1] } },
    },
    layer: [
      { mark: { type: "bar", color: OKABE_ITO_PALETTE[4] }, encoding: { tooltip: [{ field: "name" }, { field: "customers", title: "buyers" }, { field: "share", format: ".1%" }, { field: "note" }] } },
      { mark: { type: "text", align: "left", dx: 3 }, encoding: { text: { field: "label" } } },
    ],
  };
}

/**
 * UpSet-style overlap: bars of exclusive intersection sizes, counts on top (top), and a dot matrix of which
 * criteria each intersection contains (bottom), from `evaluation.overlap()`. `labels` names the
 * criteria on the dot matrix (default: their ids, e.g. `voluntary_decision`).
 *
 * @example
 * criteriaOverlapSpec(await evaluation.overlap(), { maxIntersections: 15, labels: { voluntary_decision: "Voluntary decision" } });
 */
export function criteriaOverlapSpec(overlap: Table, options: { maxIntersections?: number; title?: string; labels?: ValueLabels } = {}): TopLevelSpec {
  const groups = (overlap.objects() as { criteria: string; degree: number; customers: number }[])
    .slice(0, options.maxIntersections ?? 20)
    .map((g, rank) => ({ ...g, rank }));
  const criteria = [...new Set(groups.flatMap((g) => (g.degree ? g.criteria.split(" & ") : [])))].sort();
  const matrix = groups.flatMap((g) => {
    const members = new Set(g.degree ? g.criteria.split(" & ") : []);
    return criteria.map((criterion) => ({ rank: g.rank, criterion: labelOf(criterion, options.labels), member: members.has(criterion) }));
  });
  const x = { field: "rank", type: "ordinal" as const, axis: null, sort: "ascending" as const };
  return {
    $schema: SCHEMA,
    title: options.title ?? "Which criteria buyers meet together (exclusive intersections)",
    vconcat: [
      {
        data: { values: groups },
        width: { step: 22 },
        height: 160,
        encoding: { x, y: { field: "customers", type: "quantitative", title: "buyers (count)" } },
        layer: [
          { mark: { type: "bar", color: OKABE_ITO_PALETTE[4] }, encoding: { tooltip: [{ field: "criteria" }, { field: "customers", title: "buyers" }] } },
          // The count above each bar: readers of a printed report cannot hover for it.
          { mark: { type: "text", dy: -6, fontSize: 9 }, encoding: { text: { field: "customers", type: "quantitative" } } },
        ],
      },
      {
        data: { values: matrix },
        width: { step: 22 },
        mark: { type: "circle", size: 90 },
        encoding: {
          x,
          y: { field: "criterion", type: "nominal", title: null },
          color: { field: "member", type: "nominal", scale: { domain: [true, false], range: [OKABE_ITO_PALETTE[7], "#dddddd"] }, legend: null },
        },
      },
    ],
  };
}
