/**
 * `show(x)` and `clearOutput()`: the notebook-facing display API. Inside the icp-lab kernel they
 * send `display_data` / `update_display_data` / `clear_output` messages for the running cell;
 * anywhere else (a script, a test, the REPL) `show` prints the value's text/plain to stdout and
 * `clearOutput` does nothing.
 *
 * The kernel installs a `DisplaySink` on a global symbol (not a module variable) so the kernel's
 * copy of icp-lab and a notebook's copy share it.
 */
import { randomUUID } from "node:crypto";
import { displayPayloadOf, type MimeBundleOptions } from "./bundle.js";
import type { DisplayPayload } from "./mime.js";

/** Where displays go: the kernel's iopub channel, or stdout outside a kernel. */
export interface DisplaySink {
  /** Show a bundle; `update` replaces the output shown earlier under the same `displayId`. */
  display(payload: DisplayPayload, options: { displayId?: string; update: boolean }): void;
  /** Clear the cell's output; with `wait`, only when the next output arrives (no flicker). */
  clearOutput(wait: boolean): void;
  /** Told about every pending show(), so a kernel can wait for them before ending the cell. */
  track?(pending: Promise<unknown>): void;
}

const SINK_KEY = Symbol.for("icp-lab.displaySink");
const HANDLE_MARK = Symbol.for("icp-lab.displayHandle");

/** Outside a kernel: text/plain to stdout. */
const stdoutSink: DisplaySink = {
  display(payload) {
    const text = payload.data["text/plain"];
    process.stdout.write(`${typeof text === "string" ? text : JSON.stringify(text)}\n`);
  },
  clearOutput() {
    // Nothing to clear on a terminal: earlier lines are not ours to erase.
  },
};

/**
 * Install the sink displays go to (the kernel does this); `undefined` restores stdout.
 * @example
 * setDisplaySink({ display: (p) => sent.push(p), clearOutput: () => {} });
 */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  (globalThis as unknown as Record<symbol, DisplaySink | undefined>)[SINK_KEY] = sink;
}

/** The sink in use: the kernel's, or stdout. */
export function currentDisplaySink(): DisplaySink {
  return (globalThis as unknown as Record<symbol, DisplaySink | undefined>)[SINK_KEY] ?? stdoutSink;
}

/** What `show` returns: the display's id, and `update` to replace what it shows (progress, live tables). */
export interface DisplayHandle {
  readonly displayId: string;
  update(value: unknown, options?: MimeBundleOptions): Promise<void>;
}

export interface ShowOptions extends MimeBundleOptions {
  /** Display id to use (for a later `updateDisplay(id, ...)`); default a fresh UUID. */
  displayId?: string;
}

/** True for the handles `show` returns (the kernel does not echo them as a cell's result). */
export function isDisplayHandle(value: unknown): value is DisplayHandle {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[HANDLE_MARK] === true;
}

async function send(value: unknown, displayId: string, update: boolean, options: MimeBundleOptions): Promise<void> {
  const sink = currentDisplaySink();
  const work = displayPayloadOf(value, options).then((payload) => sink.display(payload, { displayId, update }));
  sink.track?.(work);
  await work;
}

/**
 * Display a value now (arquero table -> HTML table, vega-lite spec -> chart + SVG, card, JSON, text)
 * and return a handle to update it in place.
 * @example
 * await show(await ds.query("SELECT plan, count(*) AS n FROM customers GROUP BY plan"));
 * const progress = await show("0 of 10 done");
 * await progress.update("5 of 10 done");
 */
export async function show(value: unknown, options: ShowOptions = {}): Promise<DisplayHandle> {
  const displayId = options.displayId ?? randomUUID();
  await send(value, displayId, false, options);
  return {
    [HANDLE_MARK]: true,
    displayId,
    update: (next: unknown, nextOptions: MimeBundleOptions = options) => send(next, displayId, true, nextOptions),
  } as DisplayHandle;
}

/**
 * Replace the output shown under `displayId` (in any cell) with a new value.
 * @example
 * await show("starting", { displayId: "progress" }); await updateDisplay("progress", "done");
 */
export async function updateDisplay(displayId: string, value: unknown, options: MimeBundleOptions = {}): Promise<void> {
  await send(value, displayId, true, options);
}

/**
 * Clear the running cell's output; `{ wait: true }` clears when the next output arrives.
 * Outside a kernel it does nothing.
 * @example
 * for (const step of steps) { clearOutput({ wait: true }); await show(step); }
 */
export function clearOutput(options: { wait?: boolean } = {}): void {
  currentDisplaySink().clearOutput(options.wait ?? false);
}
