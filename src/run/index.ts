/**
 * Headless notebook execution: `runNotebook` (library API of `icp run`), papermill-compatible
 * parameters with type validation, nbformat reading/writing and progress reporting.
 */
export { runNotebook, parameterLanguage, type RunNotebookOptions, type RunNotebookResult, type RunStatus, type RunProgressEvent } from "./runNotebook.js";
export { createRunProgressReporter, type RunProgressOptions } from "./progress.js";
export {
  describeNotebookParameters,
  parseTypeScriptParameters,
  parsePythonParameters,
  parametersCellIndex,
  type NotebookParameter,
  type NotebookParameterType,
  type ParameterLanguage,
} from "./parameters.js";
export { validateNotebookParameters, injectedParametersSource, insertInjectedParametersCell, type GivenParameterValue } from "./inject.js";
export { readIpynb, writeIpynb, validateIpynb, prepareForRun, cellSourceText, cellFirstLine, type IpynbNotebook, type IpynbCell, type IpynbOutput, type IpynbMultiline } from "./ipynb.js";
export { OutputCollector } from "./outputs.js";
