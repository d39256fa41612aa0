/**
 * The stdin channel: a running cell asks the frontend for a line of input with `input_request`
 * (sent to the shell client's routing identity on the stdin ROUTER socket) and waits for its
 * `input_reply`. Only a request whose `allow_stdin` is true may ask; one question is open at a time
 * (frontends show one input box), and an interrupt abandons it.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#messages-on-the-stdin-router-dealer-channel
 */
import { createMessage, type JupyterMessage } from "../jupyter/index.js";
import { KernelError } from "../errors/index.js";

type Message = JupyterMessage<Record<string, unknown>>;

interface OpenQuestion {
  requestId: string;
  resolve(value: string): void;
  reject(error: Error): void;
}

/** Input requests of the kernel session `session`, sent through `send` (the stdin socket). */
export class StdinRequests {
  private open: OpenQuestion | undefined;

  constructor(
    private readonly session: string,
    private readonly send: (message: JupyterMessage<unknown>) => Promise<void>,
  ) {}

  /**
   * Ask the client that sent `parent` (an execute_request) for a line; rejects with a KernelError
   * when `parent` did not allow stdin, and when `signal` aborts (an interrupt).
   * @example
   * const name = await stdin.ask(executeRequest, "Name? ", { password: false });
   */
  ask(parent: Message, prompt: string, options: { password: boolean; signal?: AbortSignal }): Promise<string> {
    if (parent.content.allow_stdin !== true) {
      return Promise.reject(new KernelError("input was requested, but this frontend does not support input requests (the request's allow_stdin is false)", { prompt }));
    }
    if (options.signal?.aborted) return Promise.reject(new KernelError("input request interrupted", { prompt }));
    // A question still open belongs to an abandoned await: a new one replaces it.
    this.open?.reject(new KernelError("input request replaced by a newer one", { prompt }));
    const request = createMessage("input_request", { prompt, password: options.password }, { session: this.session, parent });
    return new Promise<string>((resolve, reject) => {
      const question: OpenQuestion = {
        requestId: request.header.msg_id,
        resolve: (value) => settle(() => resolve(value)),
        reject: (error) => settle(() => reject(error)),
      };
      const onAbort = () => question.reject(new KernelError("input request interrupted", { prompt }));
      const settle = (finish: () => void) => {
        if (this.open === question) this.open = undefined;
        options.signal?.removeEventListener("abort", onAbort);
        finish();
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.open = question;
      this.send(request).catch((error: unknown) => question.reject(new KernelError(`could not send input_request: ${(error as Error).message}`, { prompt })));
    });
  }

  /** Handle a message from the stdin socket: an input_reply answers the open question. */
  receive(message: Message): void {
    if (message.header.msg_type !== "input_reply" || !this.open) return;
    // jupyter_client's `input()` sends the reply without a parent header; a reply naming another
    // request answers a question abandoned earlier and is dropped.
    const answers = message.parent_header.msg_id;
    if (answers && answers !== this.open.requestId) return;
    const value = message.content.value;
    this.open.resolve(typeof value === "string" ? value : String(value ?? ""));
  }
}
