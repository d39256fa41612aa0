/**
 * Number formats for template components (KPI cards, values): fixed en-US formatting so reports do
 * not depend on the machine's locale.
 */

/** How a value is shown: plain number, integer, percent of 1 (0.25 -> 25%), percentage points, US dollars. */
export type ValueFormat = "number" | "integer" | "percent" | "pp" | "usd";

/**
 * Format a value for a report; strings pass through unchanged.
 *
 * @example
 * formatReportValue(0.2534, "percent"); // "25.3%"
 * formatReportValue(0.012, "pp", { signed: true }); // "+1.2 pp"
 * formatReportValue(1234567.8, "usd"); // "$1,234,568"
 */
export function formatReportValue(value: unknown, format: ValueFormat = "number", options: { signed?: boolean } = {}): string {
  if (typeof value !== "number") return value === undefined || value === null ? "–" : String(value);
  if (!Number.isFinite(value)) return "–";
  const sign = options.signed && value > 0 ? "+" : "";
  switch (format) {
    case "percent":
      return `${sign}${(value * 100).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
    case "pp":
      return `${sign}${(value * 100).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} pp`;
    case "usd":
      return `${sign}${value < 0 ? "-" : ""}$${Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 })}`;
    case "integer":
      return `${sign}${Math.round(value).toLocaleString("en-US")}`;
    default:
      return `${sign}${value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 })}`;
  }
}
