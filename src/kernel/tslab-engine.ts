/**
 * The TypeScript engine: tslab's converter (type-checked TypeScript -> JavaScript) and executor
 * (runs cells in this process, keeping declarations across cells) used as a library, with what
 * tslab's own kernel lacks added around them: the last expression's value as a mime bundle (tslab
 * prints it), errors as values with ename/evalue/traceback (tslab prints them to stderr), ESM-only
 * packages (see modules.ts), `icp-lab` importable from any notebook, display through icp-lab's
 * display sink, `input()` through its input sink, and interrupts that also stop DuckDB queries.
 */
import { createRequire } from "node:module";
import type { ConvertResult, Converter } from "tslab/dist/converter.js";
import type { ConverterSet, Executor } from "tslab/dist/executor.js";
import { displayPayloadOf, isDisplayHandle, mimeBundleOf, setDisplaySink, setInputSink, type DisplaySink } from "../display/index.js";
import { KernelError } from "../errors/index.js";
import type { CellOutputs, CompletionResult, Engine, EngineError, ExecuteOutcome, InspectionResult, IsCompleteResult, LanguageInfo } from "./engine.js";
import { CellModules, forwardTypeResolution, icpLabRoot, type ResolutionSys } from "./modules.js";
import { notebookConverter } from "./cell-converter.js";
import { runInterruptHandlers } from "./interrupt.js";
import { duckDbQueriesSettled, makeDuckDbInterruptible } from "./duckdb-interrupt.js";
import { diagnosticError, interruptError, runtimeError } from "./errors.js";
import { startAsyncInterrupter, type AsyncInterrupter } from "./async-interrupt.js";
import { classifyCompleteness } from "./completeness.js";

const require = createRequire(import.meta.url);
type TsModule = typeof import("@tslab/typescript-for-tslab");
const tslabRequire = createRequire(require.resolve("tslab/package.json"));

/** The format tslab's executor uses to print a diagnostic (executor.js printDiagnostics). */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";
const TSLAB_ASYNC_INTERRUPT = "Interrupted asynchronously";
/** How long close() waits for interrupted DuckDB queries to end (an interrupt is seen within ms). */
const QUERY_STOP_GRACE_MS = 2_000;
/** `?Math.max` or `Math.max?`: a help request, not TypeScript (neither form is valid TypeScript). */
const HELP_REQUEST = /^\s*\?\s*([A-Za-z_$][\w$.]*)\s*$/;
const HELP_REQUEST_SUFFIX = /^\s*([A-Za-z_$][\w$.]*)\s*\?\s*$/;

export interface TslabEngineOptions {
  /** Directory cells run in and resolve relative imports from; default process.cwd(). */
  rootDir?: string;
  /** Engine diagnostics (not cell output); default: nothing. */
  log?: (line: string) => void;
}

interface CellCapture {
  value?: { value: unknown };
  /** Boxed, since a cell may throw `undefined`. */
  error?: { thrown: unknown };
  diagnostics: string[];
}

/**
 * Create the TypeScript engine (takes ~1 s: TypeScript's compiler host warms up).
 * @example
 * const engine = createTslabEngine({ rootDir: "/home/me/notebooks" });
 * const outcome = await engine.execute("6 * 7", outputs); // { status: "ok", result: { "text/plain": "42" } }
 */
export function createTslabEngine(options: TslabEngineOptions = {}): Engine {
  const rootDir = options.rootDir ?? process.cwd();
  const ts = tslabRequire("@tslab/typescript-for-tslab") as TsModule;
  forwardTypeResolution(ts.sys as unknown as ResolutionSys, ts.sys.getCurrentDirectory(), icpLabRoot());
  const converterModule = require("tslab/dist/converter") as typeof import("tslab/dist/converter.js");
  const executorModule = require("tslab/dist/executor") as typeof import("tslab/dist/executor.js");
  const inspectModule = require("tslab/dist/inspect") as typeof import("tslab/dist/inspect.js");
  const tslabJupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  const modules = new CellModules(rootDir);
  makeDuckDbInterruptible();

  let capture: CellCapture = { diagnostics: [] };
  let outputs: CellOutputs | undefined;
  const pendingDisplays = new Set<Promise<unknown>>();

  const notebook = notebookConverter(converterModule.createConverter({}), ts, modules);
  const node: Converter = {
    ...notebook,
    convert(prevDecl, src) {
      // A SIGINT while a cell is type-checked (seconds for a first heavy import) would be lost: the
      // main thread's listener only runs afterwards, and vm's breakOnSigint, next, replaces it and
      // drops the pending signal. The interrupt worker hears it; the cell then does not run.
      asyncInterrupter?.arm();
      let converted: ConvertResult;
      try {
        converted = notebook.convert(prevDecl, src);
      } finally {
        asyncInterrupter?.disarm();
      }
      if (!asyncInterrupter?.signalledLastArm() || converted.diagnostics.length > 0) return converted;
      interruptRequested = true;
      interruptDetail = "before it ran (the interrupt came while it was type-checked)";
      return { ...converted, output: `throw new Error(${JSON.stringify(TSLAB_ASYNC_INTERRUPT)});`, hasToplevelAwait: false, lastExpressionVar: undefined };
    },
  };
  let browser: Converter | undefined;
  const converters: ConverterSet = {
    node,
    get browser() {
      return (browser ??= converterModule.createConverter({ isBrowser: true }));
    },
    close() {
      node.close();
      browser?.close();
    },
  };
  const executor: Executor = executorModule.createExecutor(rootDir, converters, {
    log: (value: unknown) => {
      capture.value = { value };
    },
    error: (first: unknown, ...rest: unknown[]) => {
      if (first === DIAGNOSTIC_FORMAT) {
        const [file, line, column, message] = rest as [string, number, number, string];
        capture.diagnostics.push(`${file}${line}:${column} - ${message}`);
      } else {
        capture.error ??= { thrown: first };
      }
    },
  });
  const kernelGlobals = globalThis as unknown as { __tslab__: { require: NodeJS.Require }; __icpKernel__: unknown };
  const uninstallNotebookRequire = modules.installNotebookRequire();
  kernelGlobals.__icpKernel__ = { preload: (specifiers: string[]) => modules.preload(specifiers) };

  // Everything a cell prints or displays goes to the outputs of the request being served (late
  // output from timers goes to the last cell, as in ipykernel).
  const writeTo = (name: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      outputs?.stream(name, text);
      const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
      if (typeof done === "function") done();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = writeTo("stdout");
  process.stderr.write = writeTo("stderr");
  const sink: DisplaySink = {
    display: (payload, displayOptions) => outputs?.display(payload, displayOptions),
    clearOutput: (wait) => outputs?.clearOutput(wait),
    track: (pending) => {
      pendingDisplays.add(pending);
      void pending.catch(() => undefined).finally(() => pendingDisplays.delete(pending));
    },
  };
  setDisplaySink(sink);
  // tslab's own `display` API (import { display } from "tslab") writes through this hook.
  tslabJupyter.lastWriteDisplayData = (data: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) =>
    outputs?.display({ data: data.data, metadata: data.metadata ?? {} }, { displayId: data.transient?.display_id, update });

  // input()/password() ask the frontend of the running cell; an interrupt abandons the question.
  setInputSink({
    request: (prompt, { password }) =>
      outputs ? outputs.input(prompt, { password, signal: cellInterrupt.signal }) : Promise.reject(new KernelError("input is not available here (user_expressions)", { prompt })),
  });

  let interruptRequested = false;
  /** What an interrupt of the running cell stopped, when more is known than "the cell". */
  let interruptDetail: string | undefined;
  let cellInterrupt = new AbortController();
  /** Rejects when the running cell is interrupted. */
  const interruptWait = () => {
    const signal = cellInterrupt.signal;
    const wait = new Promise<never>((_, reject) => {
      const fail = () => reject(new Error(TSLAB_ASYNC_INTERRUPT));
      if (signal.aborted) fail();
      else signal.addEventListener("abort", fail, { once: true });
    });
    wait.catch(() => undefined); // an interrupt after the cell won the race is nobody's error
    return wait;
  };
  // Synchronous code a cell runs after an await is stopped by this worker (absent: not stoppable).
  let asyncInterrupter: AsyncInterrupter | undefined;
  const asyncInterrupterStarted = startAsyncInterrupter(options.log).then((started) => (asyncInterrupter = started));

  async function runCell(code: string): Promise<CellCapture> {
    await asyncInterrupterStarted; // the first cell waits for the worker (~0.1 s after start)
    capture = { diagnostics: [] };
    interruptRequested = false;
    interruptDetail = undefined;
    cellInterrupt = new AbortController();
    // execute() converts and runs the cell's synchronous start (under vm's breakOnSigint) before it
    // returns; from then on only the interrupt worker can stop synchronous code of the cell.
    const executing = executor.execute(code);
    asyncInterrupter?.arm();
    try {
      const ok = await executing;
      const result = capture;
      if (ok && result.value && isThenable(result.value.value)) {
        // A promise as the last expression shows what it resolves to (so `ds.query(...)` needs no await).
        try {
          result.value = { value: await Promise.race([result.value.value, interruptWait()]) };
        } catch (error) {
          result.error = { thrown: error };
          result.value = undefined;
        }
      }
      // After an interrupt a display may never settle (its work was stopped with the cell's code).
      if (interruptRequested) pendingDisplays.clear();
      else if (pendingDisplays.size > 0) await Promise.race([Promise.allSettled([...pendingDisplays]), interruptWait()]).catch(() => pendingDisplays.clear());
      return result;
    } finally {
      asyncInterrupter?.disarm();
    }
  }

  function failure(result: CellCapture): EngineError | undefined {
    if (result.diagnostics.length > 0) return diagnosticError(result.diagnostics);
    if (!result.error) return undefined;
    if (asyncInterrupter?.stoppedLastCell()) interruptDetail = "its code running after an await was stopped";
    const interrupted = interruptRequested || isInterruptError(result.error.thrown);
    return interrupted && interruptDetail ? interruptError(interruptDetail) : runtimeError(result.error.thrown, interrupted);
  }

  return {
    languageInfo: languageInfo(ts.version),
    banner: `icp-lab TypeScript kernel (tslab engine, TypeScript ${ts.version}, Node ${process.version})`,

    async execute(code: string, cellOutputs: CellOutputs): Promise<ExecuteOutcome> {
      outputs = cellOutputs;
      const helpTarget = HELP_REQUEST.exec(code)?.[1] ?? HELP_REQUEST_SUFFIX.exec(code)?.[1];
      if (helpTarget) {
        // `?name` / `name?` (IPython's help syntax): the type and docs of `name`, in the pager.
        const info = executor.inspect(helpTarget, helpTarget.length);
        const text = info ? inspectModule.printQuickInfo(info) : `no information for ${helpTarget}`;
        return { status: "ok", payload: [{ source: "page", data: { "text/plain": text }, start: 0 }] };
      }
      const result = await runCell(code);
      const error = failure(result);
      if (error) return error;
      const value = result.value?.value;
      if (value === undefined || value === null || isDisplayHandle(value)) return { status: "ok" };
      try {
        const shown = await displayPayloadOf(value, { strings: "inspect" });
        return { status: "ok", result: shown.data, resultMetadata: shown.metadata };
      } catch (displayError) {
        return runtimeError(displayError, false);
      }
    },

    async evaluate(expression: string) {
      const saved = outputs;
      outputs = undefined; // user_expressions must not produce output
      try {
        const result = await runCell(expression);
        const error = failure(result);
        if (error) return error;
        return { status: "ok" as const, data: await mimeBundleOf(result.value?.value, { strings: "inspect" }) };
      } finally {
        outputs = saved;
      }
    },

    complete(code: string, cursor: number): CompletionResult {
      const info = executor.complete(code, cursor);
      return { matches: info.candidates, cursorStart: info.start, cursorEnd: info.end };
    },

    inspect(code: string, cursor: number): InspectionResult {
      const info = executor.inspect(code, cursor);
      if (!info) return { found: false, data: {} };
      return { found: true, data: { "text/plain": inspectModule.printQuickInfo(info) } };
    },

    isComplete(code: string): IsCompleteResult {
      return classifyCompleteness(ts, code, converterModule.isCompleteCode);
    },

    interrupt(): void {
      interruptRequested = true;
      cellInterrupt.abort();
      runInterruptHandlers();
      executor.interrupt();
    },

    async close(): Promise<void> {
      // Stop what still runs first: a DuckDB query holds a libuv thread-pool thread, which
      // process.exit joins (a restart would wait for the query, or be killed after the client's grace).
      runInterruptHandlers();
      executor.interrupt();
      await duckDbQueriesSettled(QUERY_STOP_GRACE_MS);
      await (await asyncInterrupterStarted)?.close();
      setDisplaySink(undefined);
      setInputSink(undefined);
      uninstallNotebookRequire();
      executor.close();
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function isInterruptError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || e?.message === TSLAB_ASYNC_INTERRUPT;
}

function languageInfo(typescriptVersion: string): LanguageInfo {
  return {
    name: "typescript",
    version: typescriptVersion,
    mimetype: "text/typescript",
    file_extension: ".ts",
    pygments_lexer: "typescript",
    codemirror_mode: { name: "javascript", typescript: true },
  };
}
