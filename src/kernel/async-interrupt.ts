/**
 * The main thread's side of the interrupt worker (interrupt-worker.ts, which says why it exists):
 * start it, install the probe it runs, arm it once a cell's synchronous start has run and disarm it
 * when the cell ends (both waited for, so no SIGINT handle of the worker is started while vm's
 * watchdog runs), and tell whether it stopped the cell's code.
 */
import { Worker } from "node:worker_threads";
import {
  ARM_ACK_SLOT,
  DECISION_SLOT,
  mayStopCell,
  PROBE_KEEP,
  PROBE_KEY,
  PROBE_SLOT,
  PROBE_STOP,
  RELEASE_SLOT,
  SHARED_SLOTS,
  SIGNALLED_SLOT,
  STOPPED_SLOT,
  type InterruptWorkerCommand,
  type InterruptWorkerReady,
  type StackFrame,
} from "./interrupt-protocol.js";
import { legacyBinding } from "./legacy-binding.js";

/** How long arm/disarm wait for the worker (it answers within a millisecond when alive). */
const ACK_WAIT_MS = 2_000;
/** How long the probe holds the main thread for the worker's termination request (it takes µs). */
const RELEASE_WAIT_MS = 500;

export interface AsyncInterrupter {
  /**
   * Listen for SIGINT (no vm call may run until disarm): while a cell is type-checked, and once
   * its synchronous start is over (a SIGINT may then stop code it runs later).
   */
  arm(): void;
  /** Stop listening (before a vm call runs under vm's watchdog). */
  disarm(): void;
  /** True when the worker terminated code of the cell armed last. */
  stoppedLastCell(): boolean;
  /** True when a SIGINT arrived while armed last (also when nothing could be stopped). */
  signalledLastArm(): boolean;
  close(): Promise<void>;
}

/**
 * Start the interrupt worker; resolves to undefined when this Node has no inspector or gives
 * workers no signal handles (then only a cell's synchronous start and its awaits can be interrupted).
 * @example
 * const interrupter = await startAsyncInterrupter((line) => log(line));
 * const running = executor.execute(code); interrupter?.arm();
 * try { await running; } finally { interrupter?.disarm(); }
 */
export async function startAsyncInterrupter(log: (line: string) => void = () => undefined): Promise<AsyncInterrupter | undefined> {
  const state = new SharedArrayBuffer(SHARED_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const slots = new Int32Array(state);
  let worker: Worker;
  try {
    worker = new Worker(new URL("./interrupt-worker.js", import.meta.url), { workerData: { state } });
  } catch (error) {
    log(`no interrupt worker: ${(error as Error).message}`);
    return undefined;
  }
  // It must not keep a process alive that is otherwise done (the kernel exits through process.exit).
  worker.unref();
  const ready = await new Promise<InterruptWorkerReady | Error>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", resolve);
  });
  if (ready instanceof Error || !ready.signals) {
    log(`no interrupt worker: ${ready instanceof Error ? ready.message : "this Node gives worker threads no signal handles"}`);
    await worker.terminate();
    return undefined;
  }
  worker.on("error", (error) => log(`interrupt worker failed: ${error.message}`));
  asyncWrap = readAsyncWrap();
  if (!asyncWrap) log("no async_wrap binding: synchronous code after an await cannot be interrupted");
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(PROBE_KEY)] = (probeId: number) => probe(slots, probeId);

  let sequence = 0;
  let armedSequence = 0;
  let lastArmedSequence = 0;
  // arm/disarm run between a cell's vm call and its awaits: waiting synchronously keeps the order
  // (Atomics.wait is allowed on Node's main thread).
  const roundTrip = (type: "arm" | "disarm") => {
    const sent = ++sequence;
    worker.postMessage({ type, sequence: sent } satisfies InterruptWorkerCommand);
    const deadline = Date.now() + ACK_WAIT_MS;
    for (let seen = Atomics.load(slots, ARM_ACK_SLOT); seen !== sent; seen = Atomics.load(slots, ARM_ACK_SLOT)) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(slots, ARM_ACK_SLOT, seen, left) === "timed-out") {
        log(`interrupt worker did not acknowledge ${type} within ${ACK_WAIT_MS} ms`);
        break;
      }
    }
    return sent;
  };

  return {
    arm() {
      armedSequence = lastArmedSequence = roundTrip("arm");
    },
    disarm() {
      if (armedSequence === 0) return;
      armedSequence = 0;
      roundTrip("disarm");
    },
    stoppedLastCell() {
      return lastArmedSequence > 0 && Atomics.load(slots, STOPPED_SLOT) === lastArmedSequence;
    },
    signalledLastArm() {
      return lastArmedSequence > 0 && Atomics.load(slots, SIGNALLED_SLOT) === lastArmedSequence;
    },
    async close() {
      delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(PROBE_KEY)];
      worker.postMessage({ type: "close" } satisfies InterruptWorkerCommand);
      await worker.terminate();
    },
  };
}

interface AsyncWrapBinding {
  async_hook_fields: Uint32Array;
  constants: { kTotals: number; kUsesExecutionAsyncResource: number };
}

/**
 * Node's async-hook counters (the `async_wrap` binding; read only). While any async hook is enabled
 * (AsyncLocalStorage included), Node pushes an async context around every promise reaction too,
 * and terminating one aborts Node; so the probe stops nothing then. Undefined (binding gone): the
 * same.
 */
function readAsyncWrap(): AsyncWrapBinding | undefined {
  const found = legacyBinding<AsyncWrapBinding>("async_wrap");
  return found?.async_hook_fields instanceof Uint32Array ? found : undefined;
}

/** Read when the worker starts (the probe only runs after that). */
let asyncWrap: AsyncWrapBinding | undefined;

function asyncHooksIdle(): boolean {
  if (!asyncWrap) return false;
  const { async_hook_fields: fields, constants } = asyncWrap;
  return fields[constants.kTotals] === 0 && fields[constants.kUsesExecutionAsyncResource] === 0;
}

/**
 * Runs on the main thread, called by the worker through the inspector: on top of what the main
 * thread was running when the call arrived. Answers whether that is a cell's code, and if so waits
 * until the worker has requested the termination, so nothing else runs in between.
 */
function probe(slots: Int32Array, probeId: number): void {
  if (Atomics.load(slots, PROBE_SLOT) !== probeId) return; // the worker gave up waiting
  const stop = asyncHooksIdle() && mayStopCell(stackBelow(probe));
  Atomics.store(slots, DECISION_SLOT, stop ? PROBE_STOP : PROBE_KEEP);
  Atomics.notify(slots, DECISION_SLOT);
  if (!stop) return;
  // A spin, not Atomics.wait: the probe may run inside an Atomics.wait of the main thread.
  const deadline = Date.now() + RELEASE_WAIT_MS;
  while (Atomics.load(slots, RELEASE_SLOT) !== probeId && Date.now() < deadline);
}

/**
 * The main thread's stack below `caller`, through V8's CallSite API (all frames, whatever a
 * notebook set Error.stackTraceLimit or Error.prepareStackTrace to). Its first frame is the
 * inspector's evaluation (no file name), so an idle main thread has no cell frame.
 */
function stackBelow(caller: (...args: never[]) => unknown): StackFrame[] {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = Infinity;
    Error.prepareStackTrace = (_error, sites) => sites.map((site) => ({ fileName: site.getFileName() ?? "", functionName: site.getFunctionName() ?? "", isAsync: site.isAsync() }));
    Error.captureStackTrace(holder, caller);
    return holder.stack as StackFrame[];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}
