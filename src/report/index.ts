/**
 * Templated analyses: a template folder (notebook + MDX layout + template.yaml) run with parameters
 * into an executed notebook, report.html, report.pdf, results.json and manifest.json; batches over a
 * parameter matrix; quarter-over-quarter comparison.
 */
export { runReport, readResults, RESULTS_NAME, type RunReportOptions, type RunReportResult } from "./run-report.js";
export { runReportBatch, type BatchOptions, type BatchResult } from "./batch.js";
export { batchIndexHtml, type BatchEntry } from "./index-page.js";
export { loadTemplate, resolveParameters, resolveTemplateDir, builtInTemplatesDir, coerceParameter, type LoadedTemplate } from "./template.js";
export { templateSpecSchema, type TemplateSpec, type TemplateParameter, type ParameterValue } from "./template-spec.js";
export { parseMatrixAxis, expandMatrix, combinationSlug, type MatrixAxis } from "./matrix.js";
export { describeDataFolder, sha256File, type ReportManifest, type DataFileEntry } from "./manifest.js";
export { compareResults, formatKpi, formatDelta, deltaTone, type ReportResults, type Kpi, type KpiUnit, type Delta } from "./results.js";
export { parseQuarter, formatQuarter, quarterStart, quarterEnd, previousQuarter, type Quarter } from "./quarter.js";
export { privateKernel, type PrivateKernel } from "./kernel-env.js";
