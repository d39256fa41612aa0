/**
 * Stage 1 of the renderer: read and validate an nbformat 4 notebook. The reader and the schema
 * are shared with the runner (src/nbformat); the renderer takes the normalised view: multiline
 * strings joined once so later stages only see strings, every cell with an id. A malformed notebook
 * becomes a RenderError that says which cell and what is wrong, never a crash later on.
 */
export { readNotebook, parseNotebook, notebookLanguage } from "../nbformat/index.js";
export type { MimeBundle, StreamOutput, DataOutput, ErrorOutput, NotebookOutput, NotebookCell, NotebookDocument } from "../nbformat/index.js";
