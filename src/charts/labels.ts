/**
 * How raw data values read on a chart. Data keeps machine values (`paid_search`, `avg_clv`,
 * `acquisition_channel`); stakeholders should read "Paid search", "CLV", "Channel". Builders take a
 * `labels` option (a mapping or a function) and apply it to the values they print (axis labels,
 * legends, text marks); without it they print the values as they are.
 */

/** Display text for raw values: a mapping (unlisted values print as they are) or a function. */
export type ValueLabels = Readonly<Record<string, string>> | ((value: string) => string);

/**
 * A snake_case identifier as words, first letter upper-case; other text is kept as it is (only
 * underscores become spaces), so "1-10" and "EMEA" stay as they are.
 *
 * @example
 * humanizeLabel("paid_search"); // "Paid search"
 * humanizeLabel("days_since_last_activity"); // "Days since last activity"
 */
export function humanizeLabel(value: string): string {
  const words = value.replaceAll("_", " ").replace(/\s+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A labeller that looks values up in `mapping` first and humanizes the rest (`humanizeLabel`
 * unless another fallback is given): one place for a report's wording, used by every chart.
 *
 * @example
 * const labels = valueLabeler({ acquisition_channel: "Channel", avg_clv: "CLV" });
 * labels("avg_clv"); // "CLV"
 * labels("email_newsletter"); // "Email newsletter"
 */
export function valueLabeler(mapping: Readonly<Record<string, string>> = {}, fallback: (value: string) => string = humanizeLabel): (value: string) => string {
  return (value) => (Object.hasOwn(mapping, value) ? mapping[value] : fallback(value));
}

/**
 * The display text of one value under `labels` (null/undefined print as "").
 *
 * @example
 * labelOf("paid_search", { paid_search: "Paid search" }); // "Paid search"
 * labelOf("referral", undefined); // "referral"
 */
export function labelOf(value: unknown, labels?: ValueLabels): string {
  const text = value === null || value === undefined ? "" : String(value);
  if (!labels) return text;
  if (typeof labels === "function") return labels(text);
  return Object.hasOwn(labels, text) ? labels[text] : text;
}
