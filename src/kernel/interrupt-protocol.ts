/**
 * What the main thread (async-interrupt.ts) and the interrupt worker (interrupt-worker.ts) share:
 * the messages they exchange, the slots of their shared Int32Array, and the rule for which running
 * code may be terminated.
 */

/** Slot the worker sets to the sequence number of the last arm/disarm it carried out. */
export const ARM_ACK_SLOT = 0;
/** Slot the worker sets to the arm sequence number of the cell whose code it terminated. */
export const STOPPED_SLOT = 1;
/** Slot holding the id of the probe the worker waits for (0: none; a late probe then does nothing). */
export const PROBE_SLOT = 2;
/** Slot where the probe answers: PROBE_PENDING, then PROBE_KEEP or PROBE_STOP. */
export const DECISION_SLOT = 3;
/** Slot the worker sets to the probe's id once the termination is requested (the probe waits for it). */
export const RELEASE_SLOT = 4;
/** Slot the worker sets to the arm sequence number during which a SIGINT arrived. */
export const SIGNALLED_SLOT = 5;
export const SHARED_SLOTS = 6;

export const PROBE_PENDING = 0;
export const PROBE_KEEP = 1;
export const PROBE_STOP = 2;

/** The global the main thread installs its probe on (Runtime.evaluate calls it by this key). */
export const PROBE_KEY = "icp-lab.interruptProbe";

export interface InterruptWorkerData {
  /** SHARED_SLOTS Int32 slots. */
  state: SharedArrayBuffer;
}

/** Main thread -> worker. */
export type InterruptWorkerCommand = { type: "arm"; sequence: number } | { type: "disarm"; sequence: number } | { type: "close" };

/** Worker -> main thread, once, when it is listening. */
export interface InterruptWorkerReady {
  type: "ready";
  /** False when this Node gives workers no signal handles (then the worker can do nothing). */
  signals: boolean;
}

/** A frame of the main thread's stack as the probe sees it (from V8's CallSite API). */
export interface StackFrame {
  fileName: string;
  functionName: string;
  /** An `await`-ing caller V8 appends to a stack trace: not on the stack itself. */
  isAsync: boolean;
}

/** The file name vm gives scripts run without one: tslab runs every cell that way. */
export const CELL_FILE_NAME = "evalmachine.<anonymous>";
/**
 * Node's microtask runners (node:internal/process/task_queues). They run outside any async
 * context they pushed, so terminating code they run leaves Node's async-context stack as its
 * native caller expects. Timer and immediate callbacks run inside one (listOnTimeout,
 * processImmediate): terminating those aborts Node ("async hook stack has become corrupted").
 */
const MICROTASK_RUNNERS = new Set(["runNextTicks", "processTicksAndRejections"]);

/**
 * True when the running code may be terminated: a cell's own code is on the stack, and what called
 * the outermost cell frame is Node's native microtask checkpoint (no frame) or one of its
 * microtask runners: the continuation of a cell's `await` (and all it calls). Not when the kernel
 * called the cell's code (a display renderer a cell defined: stopping it would leave the kernel's
 * work unfinished), nor for a cell function run directly by a timer (see MICROTASK_RUNNERS).
 * @example
 * mayStopCell([{ fileName: "evalmachine.<anonymous>", functionName: "", isAsync: false }]) // true: an await's continuation
 */
export function mayStopCell(frames: readonly StackFrame[]): boolean {
  const onStack = frames.filter((frame) => !frame.isAsync);
  let outermostCell = -1;
  for (let index = onStack.length - 1; index >= 0 && outermostCell < 0; index--) if (onStack[index].fileName === CELL_FILE_NAME) outermostCell = index;
  if (outermostCell < 0) return false;
  const caller = onStack[outermostCell + 1];
  return caller === undefined || (caller.fileName === "node:internal/process/task_queues" && MICROTASK_RUNNERS.has(caller.functionName));
}
