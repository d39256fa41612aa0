/**
 * Portrait charts (vega-lite spec builders, pure: arquero table -> spec): lift with CI error bars,
 * numeric attributes side by side, stick-point curve, milestones, channel CAC vs retention.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Table } from "../data/index.js";
import { OKABE_ITO_PALETTE } from "./criteriaCharts.js";
import { labelOf, type ValueLabels } from "./labels.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
const GROUP_COLOURS = { domain: ["ideal", "rest"], range: [OKABE_ITO_PALETTE[5], OKABE_ITO_PALETTE[4]] };

/**
 * Lift of each finding (ideal share / rest share) on a log axis with its 95% interval, sorted by
 * lift; a rule marks lift 1. Over-represented values are orange, under-represented blue.
 * `labels` words the attribute and the value of each row ("Channel: Email newsletter"); default
 * the raw names ("acquisition_channel: email_newsletter").
 *
 * @example
 * portraitLiftSpec((await portrait(evaluation)).findings, { labels: valueLabeler({ acquisition_channel: "Channel" }) });
 */
export function portraitLiftSpec(findings: Table, options: { title?: string; maxFindings?: number; labels?: ValueLabels } = {}): TopLevelSpec {
  const rows = (findings.objects() as Record<string, unknown>[])
    .filter((f) => Number.isFinite(f.lift as number) && (f.lift as number) > 0)
    .slice(0, options.maxFindings ?? 25)
    .map((f) => ({ ...f, label: `${labelOf(f.attribute, options.labels)}: ${labelOf(f.value, options.labels)}`, direction: (f.lift as number) >= 1 ? "more likely" : "less likely" }));
  const y = { field: "label", type: "nominal" as const, sort: { field: "lift", order: "descending" as const }, title: null, axis: { labelLimit: 280 } };
  return {
    $schema: SCHEMA,
    title: options.title ?? "What ideal customers have in common (lift vs the rest, 95% CI)",
    data: { values: rows },
    layer: [
      { mark: { type: "rule", strokeDash: [4, 3], color: "#888888" }, data: { values: [{ one: 1 }] }, encoding: { x: { field: "one", type: "quantitative" } } },
      { mark: { type: "rule" }, encoding: { y, x: { field: "liftLow", type: "quantitative", scale: { type: "log" }, title: "lift (ideal share / rest share, log scale)" }, x2: { field: "liftHigh" }, color: { field: "direction", type: "nominal", scale: { domain: ["more likely", "less likely"], range: [OKABE_ITO_PALETTE[0], OKABE_ITO_PALETTE[4]] }, title: null } } },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          y, x: { field: "lift", type: "quantitative" }, color: { field: "direction", type: "nominal" },
          tooltip: [{ field: "sentence" }, { field: "idealShare", format: ".1%" }, { field: "restShare", format: ".1%" }, { field: "nIdeal" }, { field: "nRest" }, { field: "qValue", format: ".2g" }],
        },
      },
    ],
  };
}

/**
 * Numeric attributes side by side: interquartile range (bar) and median (tick) per group, one row
 * per attribute with its own x scale.
 *
 * @example
 * portraitNumericSpec((await portrait(evaluation)).numeric);
 */
export function portraitNumericSpec(numeric: Table, options: { title?: string } = {}): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: options.title ?? "Numeric attributes: median and interquartile range, ideal vs rest",
    data: { values: numeric.objects() as Record<string, unknown>[] },
    facet: { row: { field: "attribute", type: "nominal", title: null, header: { labelAngle: 0, labelAlign: "left" } } },
    spec: {
      height: { step: 18 },
      layer: [
        { mark: { type: "bar", height: 10, opacity: 0.5 }, encoding: { y: { field: "group", type: "nominal", title: null }, x: { field: "q1", type: "quantitative", title: "value (attribute's unit)" }, x2: { field: "q3" }, color: { field: "group", type: "nominal", scale: GROUP_COLOURS, title: null } } },
        { mark: { type: "tick", thickness: 3, size: 14 }, encoding: { y: { field: "group", type: "nominal" }, x: { field: "median", type: "quantitative" }, color: { field: "group", type: "nominal" }, tooltip: [{ field: "attribute" }, { field: "group" }, { field: "n" }, { field: "q1" }, { field: "median" }, { field: "q3" }, { field: "mean", format: ".2f" }] } },
      ],
    },
    resolve: { scale: { x: "independent" } },
  };
}

/**
 * Stick-point curve: the outcome rate per bin of the control variable, with the stick point marked.
 *
 * @example
 * const sp = await findStickPoint(evaluation, { variable: { eventType: "report_created", withinDays: 30 } });
 * stickPointSpec(sp.curve, sp.stickPoint, { variableLabel: "reports in the first 30 days (count)" });
 */
export function stickPointSpec(curve: Table, stickPoint: { value: number } | null, options: { variableLabel?: string; outcomeLabel?: string; title?: string } = {}): TopLevelSpec {
  const x = { field: "low", type: "quantitative" as const, title: options.variableLabel ?? "control variable (bin start)" };
  return {
    $schema: SCHEMA,
    title: options.title ?? (stickPoint ? `Stick point at ${stickPoint.value}` : "No stick point found"),
    layer: [
      {
        data: { values: curve.objects() as Record<string, unknown>[] },
        mark: { type: "line", point: true, color: OKABE_ITO_PALETTE[4] },
        encoding: { x, y: { field: "rate", type: "quantitative", axis: { format: "%" }, title: options.outcomeLabel ?? "became a regular (%)" }, tooltip: [{ field: "low" }, { field: "high" }, { field: "customers" }, { field: "rate", format: ".1%" }] },
      },
      ...(stickPoint ? [{ data: { values: [stickPoint] }, mark: { type: "rule" as const, color: OKABE_ITO_PALETTE[5], strokeDash: [4, 3] }, encoding: { x: { field: "value", type: "quantitative" as const } } }] : []),
    ],
  };
}

/**
 * Milestones: for each event type's best threshold, the high-value rate above vs below it.
 *
 * @example
 * milestoneSpec((await milestones(evaluation)).best, { withinDays: 30 });
 */
export function milestoneSpec(best: Table, options: { withinDays?: number; title?: string } = {}): TopLevelSpec {
  const rows = (best.objects() as Record<string, number | string>[]).flatMap((m) => [
    { milestone: `${m.event_type} >= ${m.threshold}`, side: "at or above", rate: m.rateAbove, customers: m.customersAbove, separation: m.separation },
    { milestone: `${m.event_type} >= ${m.threshold}`, side: "below", rate: m.rateBelow, customers: m.customersBelow, separation: m.separation },
  ]);
  return {
    $schema: SCHEMA,
    title: options.title ?? `Milestones in the first ${options.withinDays ?? 30} days: share becoming high-value`,
    data: { values: rows },
    mark: "bar",
    encoding: {
      y: { field: "milestone", type: "nominal", sort: { field: "separation", order: "descending" }, title: null },
      yOffset: { field: "side", type: "nominal" },
      x: { field: "rate", type: "quantitative", axis: { format: "%" }, title: "became high-value (%)" },
      color: { field: "side", type: "nominal", scale: { domain: ["at or above", "below"], range: [OKABE_ITO_PALETTE[2], OKABE_ITO_PALETTE[7]] }, title: "count vs threshold" },
      tooltip: [{ field: "milestone" }, { field: "side" }, { field: "customers" }, { field: "rate", format: ".1%" }],
    },
  };
}

/**
 * Channels: actual/planned CAC ratio (x) against retained share (y), bubble size = buyers.
 * `labels` words the channel names printed next to the bubbles (default: as in the data).
 *
 * @example
 * channelCacSpec(await channelQuality(evaluation), { labels: { paid_search: "Paid search" } });
 */
export function channelCacSpec(channels: Table, options: { title?: string; labels?: ValueLabels } = {}): TopLevelSpec {
  const rows = (channels.objects() as Record<string, unknown>[]).map((c) => ({ ...c, channel: labelOf(c.acquisition_channel, options.labels) }));
  // Bubble areas stay proportional to buyers (the size scale starts at zero), but the legend shows
  // the smallest and largest channel instead of scale ticks from 0 (a "0" bubble no channel has).
  const buyers = (channels.array("customers") as unknown[]).map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const sizeLegend = buyers.length ? { values: [...new Set([Math.min(...buyers), Math.max(...buyers)])] } : {};
  return {
    $schema: SCHEMA,
    title: options.title ?? "Acquisition channels: cost vs retention",
    data: { values: rows },
    encoding: {
      x: { field: "cacRatio", type: "quantitative", title: "actual CAC / planned CAC (ratio, < 1 cheaper than planned)", scale: { zero: false } },
      y: { field: "retainedShare", type: "quantitative", axis: { format: "%" }, title: "still paying at the analysis date (%)", scale: { zero: false } },
    },
    layer: [
      { mark: { type: "circle", opacity: 0.8 }, encoding: { size: { field: "customers", type: "quantitative", title: "buyers", legend: sizeLegend }, color: { field: "acquisition_channel", type: "nominal", scale: { range: OKABE_ITO_PALETTE }, legend: null }, tooltip: [{ field: "channel" }, { field: "customers" }, { field: "meanActualCac", format: ".0f" }, { field: "meanPlannedCac", format: ".0f" }, { field: "retainedShare", format: ".1%" }, { field: "meanRevenue", format: ".0f" }] } },
      { mark: { type: "text", dy: -12 }, encoding: { text: { field: "channel" } } },
    ],
  };
}
