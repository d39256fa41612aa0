/**
 * nbformat 4 notebooks: one reader and one schema check for every stage that opens a notebook —
 * the runner (the notebook as written, to execute and write back) and the renderer (normalised).
 */
export { parseNotebook, checkNotebook, readNotebook, readNotebookJson, notebookLanguage, describeProblem, describeProblemForRun } from "./read.js";
export type { NotebookProblem } from "./schema.js";
export type {
  MimeBundle,
  StreamOutput,
  DataOutput,
  ErrorOutput,
  NotebookOutput,
  NotebookCell,
  NotebookDocument,
  IpynbMultiline,
  IpynbOutput,
  IpynbCell,
  IpynbNotebook,
} from "./types.js";
