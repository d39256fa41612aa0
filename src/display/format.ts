/**
 * Formatting of single values for tables and cards: numbers with thousands separators and at most
 * a few decimals, dates as ISO `YYYY-MM-DD` (UTC calendar days are icp-lab's one date convention),
 * timestamps as ISO date-time. Locale-independent (`en-US` grouping) so outputs are reproducible.
 */

/** The kind of a column, inferred from its values; shown under each header of a table. */
export type ColumnKind = "integer" | "number" | "string" | "date" | "datetime" | "boolean" | "bigint" | "object" | "empty";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/** Kind of one non-null value. */
function kindOf(value: unknown): ColumnKind {
  if (value instanceof Date) return isMidnightUtc(value) ? "date" : "datetime";
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "bigint":
      return "bigint";
    case "boolean":
      return "boolean";
    case "string":
      return ISO_DATE.test(value) ? "date" : ISO_DATETIME.test(value) ? "datetime" : "string";
    default:
      return "object";
  }
}

function isMidnightUtc(date: Date): boolean {
  return date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

/**
 * Infer a column's kind from its non-null values: integers mixed with fractions are "number",
 * dates mixed with date-times "datetime", anything else mixed is "object"; no values is "empty".
 * @example
 * inferColumnKind([1, 2.5, null]) // "number"
 */
export function inferColumnKind(values: Iterable<unknown>): ColumnKind {
  let kind: ColumnKind = "empty";
  for (const value of values) {
    if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) continue;
    const next = kindOf(value);
    if (kind === "empty" || kind === next) kind = next;
    else if ((kind === "integer" && next === "number") || (kind === "number" && next === "integer")) kind = "number";
    else if ((kind === "date" && next === "datetime") || (kind === "datetime" && next === "date")) kind = "datetime";
    else if ((kind === "string" && (next === "date" || next === "datetime")) || (next === "string" && (kind === "date" || kind === "datetime"))) kind = "string";
    else return "object";
  }
  return kind;
}

/**
 * Format one value for display: `1234.5678` -> "1,234.5678", `12000` -> "12,000", a midnight-UTC
 * Date -> "2026-09-30", other Dates -> ISO date-time, null/undefined -> "" (shown as empty cell).
 * @example
 * formatValue(1234567.891) // "1,234,567.891"
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "Invalid Date";
    return isMidnightUtc(value) ? value.toISOString().slice(0, 10) : value.toISOString().replace(".000Z", "Z");
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
  }
  if (typeof value === "bigint") return integerFormat.format(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
