/**
 * kernel: the icp-lab Jupyter kernel — the protocol server (server.ts, language-agnostic), the
 * TypeScript engine on tslab's converter/executor (tslab-engine.ts), and the process entry
 * (main.ts, run by bin/icp-kernel.js).
 */
export { KernelServer } from "./server.js";
export type { KernelServerOptions } from "./server.js";
export { createTslabEngine } from "./tslab-engine.js";
export type { TslabEngineOptions } from "./tslab-engine.js";
export type { Engine, CellOutputs, ExecuteOutcome, EngineError, CompletionResult, InspectionResult, IsCompleteResult, LanguageInfo } from "./engine.js";
export { runKernel } from "./main.js";
export type { RunKernelOptions } from "./main.js";
export { onKernelInterrupt, runInterruptHandlers } from "./interrupt.js";
export { makeDuckDbInterruptible } from "./duckdb-interrupt.js";
export { selectHistory } from "./history.js";
export type { HistoryEntry, HistoryQuery, HistoryTuple } from "./history.js";
