/**
 * `input(prompt)` and `password(prompt)`: ask the person running the notebook for a line of text.
 * Inside the icp-lab kernel they send an `input_request` on the stdin channel and resolve with the
 * frontend's `input_reply` (JupyterLab shows an input box under the cell; `password` hides what is
 * typed). A frontend that does not allow stdin (a headless run: `icp run`, nbconvert, papermill)
 * makes them reject with a KernelError that says so; outside a kernel they reject too.
 *
 * The kernel installs an `InputSink` on a global symbol (not a module variable), as for `show`, so
 * the kernel's copy of icp-lab and a notebook's copy share it.
 */
import { KernelError } from "../errors/index.js";

/** Where input requests go: the kernel's stdin channel. */
export interface InputSink {
  /** Ask for one line; `password` hides the typed text. Rejects when the frontend allows no input. */
  request(prompt: string, options: { password: boolean }): Promise<string>;
}

const SINK_KEY = Symbol.for("icp-lab.inputSink");

/**
 * Install the sink input requests go to (the kernel does this); `undefined` removes it.
 * @example
 * setInputSink({ request: async (prompt) => (prompt === "Name? " ? "Ada" : "") });
 */
export function setInputSink(sink: InputSink | undefined): void {
  (globalThis as unknown as Record<symbol, InputSink | undefined>)[SINK_KEY] = sink;
}

function requestLine(prompt: string, password: boolean): Promise<string> {
  const sink = (globalThis as unknown as Record<symbol, InputSink | undefined>)[SINK_KEY];
  if (!sink) {
    const name = password ? "password" : "input";
    return Promise.reject(new KernelError(`${name}() asks the notebook's frontend for input: it works in the icp-lab kernel only`, { prompt }));
  }
  return sink.request(prompt, { password });
}

/**
 * Ask for a line of text (without the newline), showing `prompt`.
 * @example
 * const region = await input("Region to analyse (EU, US): ");
 */
export function input(prompt = ""): Promise<string> {
  return requestLine(prompt, false);
}

/**
 * Ask for a secret (a database password, an API token): like `input`, but the frontend hides what
 * is typed, and the answer is not stored in the notebook.
 * @example
 * const token = await password("API token: ");
 */
export function password(prompt = ""): Promise<string> {
  return requestLine(prompt, true);
}
