/**
 * The report renderer: executed notebooks -> self-contained HTML and paginated PDF through MDX
 * templates. Named pure stages, each with a typed output:
 * readNotebook -> preprocess -> selectOutputs -> toReportModel -> renderHtml -> printPdf,
 * and renderNotebook to run them all.
 */
export { readNotebook, parseNotebook, notebookLanguage } from "./notebook.js";
export type { NotebookDocument, NotebookCell, NotebookOutput, StreamOutput, DataOutput, ErrorOutput, MimeBundle as NotebookMimeBundle } from "./notebook.js";
export { preprocess, prepareNotebook, DEFAULT_PREPROCESSORS, removeCells, inputVisibility, outputVisibility, layoutHints } from "./preprocess.js";
export type { Preprocessor, PreprocessOptions, PreparedNotebook, PreparedCell, CellView, InputView } from "./preprocess.js";
export { selectOutputs, selectMime, MIME_PRIORITY } from "./outputs.js";
export type { SelectedOutput, SelectedNotebook, SelectedCell, MimeKind } from "./outputs.js";
export { toReportModel, notebookData } from "./model.js";
export type { ReportModel, ReportModelOptions, ReportMeta, ReportCell } from "./model.js";
export { renderMarkdown, renderMath } from "./markdown.js";
export type { RenderedMarkdown, HeadingEntry, MarkdownOptions } from "./markdown.js";
export { renderOutput } from "./output-html.js";
export type { RenderedOutput } from "./output-html.js";
export { sanitizeOutputHtml } from "./sanitize.js";
export { highlightCode } from "./highlight.js";
export { formatReportValue } from "./format.js";
export type { ValueFormat } from "./format.js";
export { createReportComponents, REPORT_COMPONENT_NAMES } from "./components.js";
export { resolveTemplate, compileTemplate, builtinLayoutDir } from "./template.js";
export type { CompiledTemplate, TemplateFrontmatter } from "./template.js";
export { renderHtml } from "./html.js";
export type { HtmlOptions } from "./html.js";
export { printPdf, PdfBrowser, sharedPdfBrowser, closeSharedPdfBrowser, pdfPageCount, chromiumPath, PDF_DEFAULTS } from "./pdf.js";
export type { PdfOptions, MarginsMm } from "./pdf.js";
export { renderNotebook } from "./render-notebook.js";
export type { RenderNotebookOptions, RenderNotebookResult } from "./render-notebook.js";
