/**
 * Headless execution of a notebook over the Jupyter protocol, papermill-style: read and check the
 * notebook, validate and inject parameters (before any cell runs), launch the notebook's kernel from
 * its kernelspec, execute code cells in order collecting outputs per nbformat, record timing, stop on
 * the first error (unless allowErrors), and always hand back (and write) the notebook as far as it
 * got, with the kernel shut down whatever happened.
 */
import { dirname, resolve } from "node:path";
import { CellExecutionError, IcpError, KernelError, ParameterError } from "../errors/index.js";
import { findKernelSpec, KernelClient, type ExecuteResult } from "../jupyter/index.js";
import { insertInjectedParametersCell, injectedParametersSource, validateNotebookParameters, type GivenParameterValue } from "./inject.js";
import { cellFirstLine, cellSourceText, prepareForRun, readIpynb, validateIpynb, writeIpynb, type IpynbCell, type IpynbNotebook } from "./ipynb.js";
import { OutputCollector } from "./outputs.js";
import { describeNotebookParameters, parametersCellIndex, type ParameterLanguage } from "./parameters.js";

/** How a run ended. */
export type RunStatus = "completed" | "failed" | "timeout" | "interrupted" | "kernel-died";

/** Progress of a run, for a bar or log lines (see createRunProgressReporter). */
export type RunProgressEvent =
  | { type: "kernel-starting"; kernelName: string; total: number }
  | { type: "kernel-ready"; kernelName: string; startMs: number; kernelPid: number }
  | { type: "cell-start"; position: number; total: number; cellIndex: number; cellId: string; firstLine: string }
  | { type: "cell-end"; position: number; total: number; cellIndex: number; durationMs: number; status: ExecuteResult["status"] | "timeout" | "died" }
  | { type: "done"; status: RunStatus; durationMs: number };

export interface RunNotebookOptions {
  /** Parameter values (strings from `-p` are converted to the declared types). Default: none. */
  parameters?: Record<string, GivenParameterValue>;
  /** Kernelspec name; default: the notebook's metadata.kernelspec.name. */
  kernelName?: string;
  /** Kernel working directory; default: the notebook's folder (or this process's cwd for an object). */
  cwd?: string;
  /** Kernel environment; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Per-cell limit; the kernel is interrupted, then killed after interruptGraceMs. Default: none. */
  cellTimeoutMs?: number;
  /** How long an interrupted kernel gets to answer before it is killed. Default 5 000 ms. */
  interruptGraceMs?: number;
  /** Kernel start-up limit. Default 60 000 ms. */
  startTimeoutMs?: number;
  /** Keep going after a failing cell (its error stays in its outputs). Default false. */
  allowErrors?: boolean;
  /** Write the executed (or partial) notebook here, whatever the outcome. */
  outputPath?: string;
  /** Aborting interrupts the running cell and ends the run (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (event: RunProgressEvent) => void;
  /** Kernel process output (its own stdout/stderr, not cell output). */
  onKernelLog?: (text: string) => void;
  /** Throw the run's error after writing the notebook (default true); false: read `result.error`. */
  throwOnFailure?: boolean;
}

export interface RunNotebookResult {
  notebook: IpynbNotebook;
  status: RunStatus;
  /** Why the run did not complete (CellExecutionError, or KernelError for a dead kernel). */
  error?: IcpError;
  /** Validated parameter values that were injected. */
  parameters: Record<string, unknown>;
  executedCells: number;
  durationMs: number;
}

/**
 * Execute every code cell of a notebook through its kernel.
 *
 * @example
 * const { notebook, status } = await runNotebook("analysis.ipynb", {
 *   parameters: { minTouches: "5", region: "EMEA" },
 *   outputPath: "analysis.out.ipynb",
 *   cellTimeoutMs: 120_000,
 * });
 */
export async function runNotebook(input: string | IpynbNotebook, options: RunNotebookOptions = {}): Promise<RunNotebookResult> {
  const startedAt = new Date();
  const source = typeof input === "string" ? await readIpynb(input) : validateIpynb(structuredClone(input));
  const kernelName = options.kernelName ?? source.metadata.kernelspec?.name;
  if (!kernelName) throw new ParameterError("the notebook names no kernel (metadata.kernelspec.name): pass a kernel name (--kernel)");
  const spec = await findKernelSpec(kernelName, options.env ?? process.env);
  const language = parameterLanguage(spec.spec.language ?? source.metadata.kernelspec?.language ?? "");
  const given = options.parameters ?? {};
  const hasParametersCell = parametersCellIndex(source) >= 0;
  if (Object.keys(given).length > 0 && !language) throw new ParameterError(`cannot inject parameters for kernel language '${spec.spec.language}'`);
  const declared = language ? describeNotebookParameters(source, language) : [];
  const parameters = validateNotebookParameters(declared, given, { hasParametersCell });

  const notebook = prepareForRun(source);
  if (Object.keys(parameters).length > 0) insertInjectedParametersCell(notebook, injectedParametersSource(parameters, declared, language!));
  notebook.metadata.kernelspec = { name: spec.name, display_name: spec.spec.display_name, language: spec.spec.language };
  const runMetadata: Record<string, unknown> = {
    input_path: typeof input === "string" ? input : null,
    output_path: options.outputPath ?? null,
    parameters,
    default_parameters: Object.fromEntries(declared.map((p) => [p.name, p.defaultValue ?? p.defaultText])),
    start_time: startedAt.toISOString(),
    environment_variables: {},
    version: "icp-lab",
  };
  notebook.metadata.papermill = runMetadata;

  const toRun = notebook.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.cell_type === "code" && cellSourceText(cell).trim() !== "");
  const total = toRun.length;
  let status: RunStatus = "completed";
  let error: IcpError | undefined;
  let executedCells = 0;
  let kernel: KernelClient | undefined;
  const emit = options.onProgress ?? (() => {});
  let aborted = options.signal?.aborted ?? false;
  let abortKill: NodeJS.Timeout | undefined;
  const onAbort = () => {
    aborted = true;
    void kernel?.interrupt();
    abortKill = setTimeout(() => void kernel?.kill(), options.interruptGraceMs ?? 5_000);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    emit({ type: "kernel-starting", kernelName: spec.name, total });
    const kernelStart = Date.now();
    const cwd = options.cwd ?? (typeof input === "string" ? dirname(resolve(input)) : process.cwd());
    kernel = await KernelClient.launch({ spec, cwd, env: options.env, startTimeoutMs: options.startTimeoutMs, onKernelLog: options.onKernelLog });
    const languageInfo = kernel.kernelInfo.language_info;
    if (languageInfo && typeof languageInfo === "object") notebook.metadata.language_info = languageInfo as { name?: string };
    emit({ type: "kernel-ready", kernelName: spec.name, startMs: Date.now() - kernelStart, kernelPid: kernel.pid ?? -1 });
    const collector = new OutputCollector();
    for (const [position, { cell, index }] of toRun.entries()) {
      if (aborted) {
        status = "interrupted";
        error = new CellExecutionError(`run interrupted before ${describeCell(cell, index, notebook)}`, { reason: "interrupted", cellIndex: index, cellId: cell.id });
        break;
      }
      const where = { position: position + 1, total, cellIndex: index };
      emit({ type: "cell-start", ...where, cellId: cell.id ?? "", firstLine: cellFirstLine(cell) });
      const cellStart = Date.now();
      cell.outputs = collector.beginCell();
      setPapermillCell(cell, { start_time: new Date(cellStart).toISOString(), status: "running" });
      const outcome = await executeCell(kernel, cell, collector, options);
      executedCells++;
      const durationMs = Date.now() - cellStart;
      setPapermillCell(cell, { end_time: new Date().toISOString(), duration: durationMs / 1000, status: "completed", exception: false });
      emit({ type: "cell-end", ...where, durationMs, status: outcome.result?.timedOut || outcome.kernelError?.context.reason === "timeout" ? "timeout" : (outcome.result?.status ?? "died") });
      const failure = classify(outcome, aborted);
      if (!failure) continue;
      setPapermillCell(cell, { status: "failed", exception: true });
      status = failure;
      error = failureError(failure, cell, index, notebook, outcome);
      if (failure !== "failed" || !options.allowErrors) break;
    }
  } catch (startError) {
    if (!(startError instanceof KernelError)) throw startError;
    status = "kernel-died";
    error = startError;
  } finally {
    clearTimeout(abortKill);
    options.signal?.removeEventListener("abort", onAbort);
    await kernel?.shutdown();
  }
  const durationMs = Date.now() - startedAt.getTime();
  Object.assign(runMetadata, { end_time: new Date().toISOString(), duration: durationMs / 1000, exception: status !== "completed", status });
  if (options.outputPath) await writeIpynb(options.outputPath, notebook);
  emit({ type: "done", status, durationMs });
  if (error && (options.throwOnFailure ?? true)) throw error;
  return { notebook, status, error, parameters, executedCells, durationMs };
}

interface CellOutcome {
  result?: ExecuteResult;
  kernelError?: KernelError;
}

async function executeCell(kernel: KernelClient, cell: IpynbCell, collector: OutputCollector, options: RunNotebookOptions): Promise<CellOutcome> {
  try {
    const result = await kernel.execute(cellSourceText(cell), {
      onOutput: (output) => collector.add(output),
      timeoutMs: options.cellTimeoutMs,
      interruptGraceMs: options.interruptGraceMs,
      stopOnError: !options.allowErrors,
    });
    cell.execution_count = result.executionCount;
    cell.metadata.execution = {
      ...(result.executeInputAt ? { "iopub.execute_input": result.executeInputAt } : {}),
      "shell.execute_reply": result.executeReplyAt,
    };
    // Kernels such as tslab report an error only in the reply (and on stderr): keep it in the outputs.
    if (result.status === "error" && !collector.hasError() && result.error) {
      const { ename, evalue, traceback } = result.error;
      const summary = evalue ? `${ename}: ${evalue}` : errorSummary(cell, result);
      const separator = summary.indexOf(": ");
      const [name, value] = separator > 0 ? [summary.slice(0, separator), summary.slice(separator + 2)] : [ename, evalue];
      result.error.evalue = value;
      collector.addError(name, value, traceback.length ? traceback : [summary]);
    }
    return { result };
  } catch (thrown) {
    if (!(thrown instanceof KernelError)) throw thrown;
    collector.addError(thrown.context.reason === "timeout" ? "CellTimeoutError" : "DeadKernelError", thrown.message, []);
    return { kernelError: thrown };
  }
}

function classify(outcome: CellOutcome, aborted: boolean): RunStatus | undefined {
  if (aborted) return "interrupted";
  if (outcome.kernelError) return outcome.kernelError.context.reason === "timeout" ? "timeout" : "kernel-died";
  if (outcome.result?.timedOut) return "timeout";
  if (outcome.result?.status === "error" || outcome.result?.status === "aborted") return "failed";
  return undefined;
}

function failureError(status: RunStatus, cell: IpynbCell, index: number, notebook: IpynbNotebook, outcome: CellOutcome): IcpError {
  const where = describeCell(cell, index, notebook);
  const context = { reason: status, cellIndex: index, cellId: cell.id, firstLine: cellFirstLine(cell), ...outcome.result?.error };
  if (status === "kernel-died") return new KernelError(`the kernel died while running ${where}: ${outcome.kernelError?.message}`, { ...outcome.kernelError?.context, ...context });
  if (status === "timeout") return new CellExecutionError(`${where} timed out${outcome.kernelError ? `: ${outcome.kernelError.message}` : " and was interrupted"}`, context);
  if (status === "interrupted") return new CellExecutionError(`run interrupted during ${where}`, context);
  return new CellExecutionError(`${where} failed: ${errorSummary(cell, outcome.result)}`, context);
}

/** "ename: evalue"; kernels that leave evalue empty (tslab) get the error line from the cell's stderr. */
function errorSummary(cell: IpynbCell, result: ExecuteResult | undefined): string {
  const failure = result?.error;
  if (!failure) return result?.status ?? "error";
  if (failure.evalue) return `${failure.ename}: ${failure.evalue}`;
  const stderr = (cell.outputs ?? []).flatMap((output) => (output.output_type === "stream" && output.name === "stderr" ? [output.text].flat() : []));
  const line = stderr.join("").split("\n").find((text) => /^\w*(Error|Exception)\b.*:/.test(text.trim()));
  return line?.trim() ?? failure.ename;
}

/** `cell 4 of 12 (id 1a2b3c4d) "const x = f()"`: 1-based position in the executed notebook. */
function describeCell(cell: IpynbCell, index: number, notebook: IpynbNotebook): string {
  return `cell ${index + 1} of ${notebook.cells.length} (id ${cell.id}) ${JSON.stringify(cellFirstLine(cell))}`;
}

function setPapermillCell(cell: IpynbCell, values: Record<string, unknown>): void {
  cell.metadata.papermill = { ...((cell.metadata.papermill as Record<string, unknown>) ?? {}), ...values };
}

/** The parameter syntax for a kernel language, undefined when we cannot inject into it. */
export function parameterLanguage(kernelLanguage: string): ParameterLanguage | undefined {
  const name = kernelLanguage.toLowerCase();
  if (name === "typescript" || name === "ts") return "typescript";
  if (name === "javascript" || name === "js") return "javascript";
  if (name.startsWith("python")) return "python";
  return undefined;
}
