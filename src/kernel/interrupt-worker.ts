/**
 * The interrupt worker: stops synchronous code a cell runs after an `await`
 * (`await sleep(10); while (true) {}`), which nothing on the main thread can: vm's breakOnSigint
 * covers only the cell's synchronous start, and the kernel's SIGINT listener is an event-loop
 * callback a busy main thread never reaches.
 *
 * While a cell is past its synchronous start (the main thread "arms" this worker), a SIGINT makes
 * the worker run the main thread's probe through an inspector session (`connectToMainThread`,
 * `Runtime.evaluate`). Node dispatches inspector messages to a busy main thread as a V8 interrupt,
 * so the probe runs on top of whatever the main thread is doing and sees its stack. When the
 * outermost code on it is a cell's own (interrupt-protocol.ts), the probe holds the main thread
 * there while this worker requests `Runtime.terminateExecution` (Node dispatches it in the same
 * round, so it cannot hit other code): V8 unwinds the cell's code, cancels the termination when the
 * outermost call returns, and the event loop goes on; the kernel's SIGINT listener then ends the
 * cell as interrupted.
 *
 * Signals reach worker threads only through a libuv signal handle (`process.on("SIGINT")` is
 * main-thread only), here Node's `signal_wrap` binding. It is started only while armed: when vm's
 * breakOnSigint watchdog stops it installs Node's exit-on-SIGINT handler, and libuv reinstalls its
 * own only when the first SIGINT handle starts, which a handle left started here would prevent (the
 * next SIGINT would kill the kernel).
 */
import { Session } from "node:inspector";
import { constants } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import {
  ARM_ACK_SLOT,
  DECISION_SLOT,
  PROBE_KEY,
  PROBE_PENDING,
  PROBE_SLOT,
  PROBE_STOP,
  RELEASE_SLOT,
  SIGNALLED_SLOT,
  STOPPED_SLOT,
  type InterruptWorkerCommand,
  type InterruptWorkerData,
  type InterruptWorkerReady,
} from "./interrupt-protocol.js";
import { legacyBinding } from "./legacy-binding.js";

/** How long to wait for the probe: a main thread running JavaScript takes it within milliseconds. */
const PROBE_WAIT_MS = 2_000;

interface SignalHandle {
  onsignal: (signal: number) => void;
  start(signal: number): number;
  stop(): number;
  close(): void;
}

const slots = new Int32Array((workerData as InterruptWorkerData).state);
const session = new Session();
session.connectToMainThread();

let armedSequence = 0;
let lastProbeId = 0;

function createSignalHandle(): SignalHandle | undefined {
  const Signal = legacyBinding<{ Signal?: new () => SignalHandle }>("signal_wrap")?.Signal;
  return Signal ? new Signal() : undefined;
}

function acknowledge(sequence: number): void {
  Atomics.store(slots, ARM_ACK_SLOT, sequence);
  Atomics.notify(slots, ARM_ACK_SLOT);
}

/** Probe the main thread and stop the cell's code when the probe finds it running. */
function stopBusyCell(): void {
  const sequence = armedSequence;
  const probeId = ++lastProbeId;
  Atomics.store(slots, DECISION_SLOT, PROBE_PENDING);
  Atomics.store(slots, PROBE_SLOT, probeId);
  session.post("Runtime.evaluate", { expression: `globalThis[Symbol.for(${JSON.stringify(PROBE_KEY)})](${probeId})` }, () => undefined);
  // Blocking this thread is fine: it has nothing else to do until the probe answers.
  const answered = Atomics.wait(slots, DECISION_SLOT, PROBE_PENDING, PROBE_WAIT_MS) !== "timed-out";
  Atomics.store(slots, PROBE_SLOT, 0); // a probe running later (main thread blocked in native code) does nothing
  if (!answered || Atomics.load(slots, DECISION_SLOT) !== PROBE_STOP) return;
  Atomics.store(slots, STOPPED_SLOT, sequence);
  session.post("Runtime.terminateExecution", {}, () => undefined);
  Atomics.store(slots, RELEASE_SLOT, probeId); // the probe returns, and the termination follows it
}

// One handle, started while armed and stopped otherwise (a stopped handle is out of libuv's list).
const signalHandle = createSignalHandle();
if (signalHandle) {
  signalHandle.onsignal = () => {
    if (armedSequence === 0) return;
    Atomics.store(slots, SIGNALLED_SLOT, armedSequence);
    stopBusyCell();
  };
}

parentPort?.on("message", (message: InterruptWorkerCommand) => {
  switch (message.type) {
    case "arm":
      armedSequence = message.sequence;
      signalHandle?.start(constants.signals.SIGINT);
      acknowledge(message.sequence);
      return;
    case "disarm":
      armedSequence = 0;
      signalHandle?.stop();
      acknowledge(message.sequence);
      return;
    case "close":
      signalHandle?.close();
      session.disconnect();
      parentPort?.close();
      return;
  }
});
parentPort?.postMessage({ type: "ready", signals: signalHandle !== undefined } satisfies InterruptWorkerReady);
