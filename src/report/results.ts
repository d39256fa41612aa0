/**
 * The headline numbers a report notebook publishes (`publishResults`), saved as results.json next to
 * the report, and the quarter-over-quarter comparison of two such result sets (deltas with arrows).
 */

/** How a KPI's value reads: decides formatting and whether "up" is good. */
export type KpiUnit = "count" | "share" | "currency" | "days" | "months" | "ratio";

export interface Kpi {
  label: string;
  value: number;
  unit: KpiUnit;
  /** Which direction is an improvement; "neutral" for figures that are neither. */
  better: "up" | "down" | "neutral";
}

export interface ReportResults {
  quarter: string;
  asOf: string;
  currency?: string;
  /** Headline figures by key (e.g. idealShare, userChurnRate, clvPerCustomer). */
  kpis: Record<string, Kpi>;
  /** Share of customers meeting each criterion, by criterion id. */
  criteria?: Record<string, { name: string; share: number }>;
  /** Portrait findings: attribute value -> lift (ideal share / rest share). */
  findings?: Array<{ attribute: string; value: string; lift: number; idealShare: number }>;
}

export interface Delta {
  key: string;
  label: string;
  unit: KpiUnit;
  current: number;
  previous: number;
  /** current - previous (percentage points for shares). */
  change: number;
  /** change / |previous|, null when previous is 0. */
  relativeChange: number | null;
  arrow: "▲" | "▼" | "▶";
  /** true = improvement, false = worse, null = neutral or unchanged. */
  improved: boolean | null;
}

/** Relative changes below this count as flat (no arrow up/down). */
const FLAT_RELATIVE = 0.005;

/** Decimals a delta is shown with ("+2.3 pp", "−4.1%"). */
const DELTA_DECIMALS = 1;

/**
 * What a delta prints as its size: percentage points for shares, else the relative change in
 * percent, or the absolute change when the previous value was 0; rounded to DELTA_DECIMALS.
 */
function shownChange(unit: KpiUnit, change: number, relativeChange: number | null): { magnitude: string; zero: boolean; suffix: string } {
  const [value, suffix] = unit === "share" ? [change * 100, " pp"] : relativeChange === null ? [change, ""] : [relativeChange * 100, "%"];
  const magnitude = Math.abs(value).toFixed(DELTA_DECIMALS);
  return { magnitude, zero: Number(magnitude) === 0, suffix };
}

function delta(key: string, label: string, unit: KpiUnit, better: Kpi["better"], current: number, previous: number): Delta {
  const change = current - previous;
  const relativeChange = previous === 0 ? null : change / Math.abs(previous);
  // Flat when the change is tiny relative to the value, or when it prints as zero ("▲ +0.0 pp" would contradict itself).
  const flat = (relativeChange === null ? change === 0 : Math.abs(relativeChange) < FLAT_RELATIVE) || shownChange(unit, change, relativeChange).zero;
  const arrow = flat ? "▶" : change > 0 ? "▲" : "▼";
  const improved = flat || better === "neutral" ? null : (change > 0) === (better === "up");
  return { key, label, unit, current, previous, change, relativeChange, arrow, improved };
}

/**
 * Compare this quarter's results with the previous quarter's: every KPI and criterion share present in
 * both, and the portrait findings whose lift moved (or that appeared/disappeared).
 *
 * @example
 * const deltas = compareResults(thisQuarter, lastQuarter);
 * deltas.kpis.find((d) => d.key === "userChurnRate")?.arrow; // "▼"
 */
export function compareResults(current: ReportResults, previous: ReportResults): {
  kpis: Delta[];
  criteria: Delta[];
  findings: Array<{ attribute: string; value: string; liftNow: number | null; liftBefore: number | null }>;
} {
  const kpis = Object.entries(current.kpis)
    .filter(([key]) => previous.kpis[key])
    .map(([key, kpi]) => delta(key, kpi.label, kpi.unit, kpi.better, kpi.value, previous.kpis[key].value));
  const criteria = Object.entries(current.criteria ?? {})
    .filter(([id]) => previous.criteria?.[id])
    .map(([id, c]) => delta(id, c.name, "share", "up", c.share, previous.criteria![id].share));
  const key = (f: { attribute: string; value: string }) => `${f.attribute}=${f.value}`;
  const before = new Map((previous.findings ?? []).map((f) => [key(f), f]));
  const now = new Map((current.findings ?? []).map((f) => [key(f), f]));
  const findings = [...new Set([...now.keys(), ...before.keys()])].map((k) => {
    const f = (now.get(k) ?? before.get(k))!;
    return { attribute: f.attribute, value: f.value, liftNow: now.get(k)?.lift ?? null, liftBefore: before.get(k)?.lift ?? null };
  });
  return { kpis, criteria, findings };
}

/**
 * Format a KPI value for people: shares as %, currency with its code, counts with separators;
 * negative values with the minus sign U+2212, as formatDelta writes falls ("−1.2%", "−$300").
 *
 * @example
 * formatKpi(-0.012, "share"); // "−1.2%"
 */
export function formatKpi(value: number, unit: KpiUnit, currency = "USD"): string {
  return formatKpiDigits(value, unit, currency).replace(/^-/, "\u2212");
}

function formatKpiDigits(value: number, unit: KpiUnit, currency: string): string {
  switch (unit) {
    case "share":
      return `${(value * 100).toFixed(1)}%`;
    case "currency":
      return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
    case "count":
      return new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(value);
    case "days":
      return `${value.toFixed(0)} days`;
    case "months":
      return `${value.toFixed(1)} months`;
    case "ratio":
      return `${value.toFixed(2)}x`;
  }
}

/**
 * Format a delta, arrow first: "▲ +2.3 pp" for shares (percentage points), "▼ −4.1%" relative
 * otherwise, "▶ ±0.0%" when nothing changed at the shown precision. The minus is U+2212 (the
 * typographic minus), as in the report's sentences. This is the one text of a delta: the report's
 * sentences, its quarter-over-quarter table and its KPI cards all print this, so they cannot disagree.
 *
 * @example
 * formatDelta(compareResults(thisQuarter, lastQuarter).kpis[0]); // "▲ +3.0 pp"
 */
export function formatDelta(d: Delta): string {
  const { magnitude, zero, suffix } = shownChange(d.unit, d.change, d.relativeChange);
  const sign = zero ? "±" : d.change > 0 ? "+" : "−";
  return `${d.arrow} ${sign}${magnitude}${suffix}`;
}

/**
 * How a KPI card colours a delta: "good" for an improvement, "bad" for a change for the worse,
 * "neutral" for a flat change or a figure that is neither (Delta.improved null).
 *
 * @example
 * deltaTone(churnDelta); // "bad" when churn went up
 */
export function deltaTone(d: Delta): "good" | "bad" | "neutral" {
  return d.improved === null ? "neutral" : d.improved ? "good" : "bad";
}
