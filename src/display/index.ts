/**
 * display: how values show in a notebook — mime bundles for arquero tables, vega-lite specs,
 * cards and plain data; `show` / `clearOutput` / `updateDisplay`; `input` / `password` (stdin);
 * the static SVG renderer.
 * Names are exported one by one (not `export *`) to keep generic helpers out of the library's
 * flat namespace.
 */
export * from "./svg.js";
export { toMimeBundle, toCard, registerDisplayRenderer, unregisterDisplayRenderer, displayRenderers } from "./mime.js";
export type { MimeBundle, DisplayPayload, DisplayRenderer } from "./mime.js";
export { inferColumnKind, formatValue as formatDisplayValue, escapeHtml } from "./format.js";
export type { ColumnKind } from "./format.js";
export { isTableLike, tableToHtml, tableToText, tableBundle } from "./table.js";
export type { TableLike, TableDisplayOptions } from "./table.js";
export { cardBundle, isCard } from "./card.js";
export type { Card, CardFact } from "./card.js";
export { isVegaLiteSpec, isVegaSpec, vegaLiteBundle, vegaBundle, vegaLitePayload, vegaPayload, VEGALITE_MIME, VEGA_MIME } from "./vegalite.js";
export { CHART_SVG_MARK_KEY, chartSvgMark, reusableChartSvg, chartToolVersions } from "./chart-mark.js";
export type { ChartSvgMark } from "./chart-mark.js";
export { mimeBundleOf, displayPayloadOf } from "./bundle.js";
export type { MimeBundleOptions } from "./bundle.js";
export { show, updateDisplay, clearOutput, setDisplaySink, currentDisplaySink, isDisplayHandle } from "./show.js";
export type { DisplaySink, DisplayHandle, ShowOptions } from "./show.js";
export { input, password, setInputSink } from "./input.js";
export type { InputSink } from "./input.js";
