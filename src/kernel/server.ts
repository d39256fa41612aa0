/**
 * The protocol layer: Jupyter messaging protocol 5.3 over ZeroMQ, independent of the language.
 * Shell requests run one at a time in arrival order; control requests (interrupt, shutdown,
 * kernel_info) are answered even while a cell awaits. Every request is wrapped in iopub
 * `status: busy` / `idle`. https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { randomUUID } from "node:crypto";
import type * as zmq from "zeromq";
import { createMessage, deserialize, PROTOCOL_VERSION, serialize, type ConnectionInfo, type JupyterMessage } from "../jupyter/index.js";
import type { CellOutputs, Engine } from "./engine.js";
import { selectHistory, type HistoryEntry, type HistoryQuery } from "./history.js";
import { bindKernelSockets, SerialSender, type KernelSockets } from "./sockets.js";
import { StdinRequests } from "./stdin.js";
import { codePointOffset, utf16Offset } from "./unicode.js";

type Content = Record<string, unknown>;
type Message = JupyterMessage<Content>;

export interface KernelServerOptions {
  /** Called after shutdown_reply was sent and sockets closed (the process usually exits). */
  onShutdown?: (restart: boolean) => void;
  /** Kernel diagnostics (bad signatures, unknown messages); default: nothing. */
  log?: (line: string) => void;
  implementationVersion?: string;
}

/** History sessions are numbered like IPython's; this kernel process is one session. */
const SESSION_NUMBER = 1;

/** A running kernel: the protocol server bound to a connection, driving one engine. */
export class KernelServer {
  readonly session = randomUUID();
  private executionCount = 0;
  private readonly history: HistoryEntry[] = [];
  private readonly shellQueue: Message[] = [];
  /** Outputs of cell code not yet handed to the iopub sender (see deferCellOutput). */
  private readonly cellOutputs: Array<() => void> = [];
  private readonly aborted = new Set<string>();
  private draining = false;
  private closed = false;
  private readonly senders: Record<"shell" | "control" | "iopub" | "stdin", SerialSender>;
  private readonly stdin: StdinRequests;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly sockets: KernelSockets,
    private readonly engine: Engine,
    private readonly options: KernelServerOptions,
  ) {
    const onError = (error: unknown) => this.log(`send failed: ${(error as Error).message}`);
    this.senders = {
      shell: new SerialSender(sockets.shell, onError),
      control: new SerialSender(sockets.control, onError),
      iopub: new SerialSender(sockets.iopub, onError),
      stdin: new SerialSender(sockets.stdin, onError),
    };
    this.stdin = new StdinRequests(this.session, (message) => this.send("stdin", message));
  }

  /**
   * Bind the sockets of `info` and serve `engine` until a shutdown_request.
   * @example
   * const server = await KernelServer.start(await readConnectionFile(file), createTslabEngine(), { onShutdown: () => process.exit(0) });
   */
  static async start(info: ConnectionInfo, engine: Engine, options: KernelServerOptions = {}): Promise<KernelServer> {
    const server = new KernelServer(info, await bindKernelSockets(info), engine, options);
    server.publish("status", { execution_state: "starting" });
    void server.listen(server.sockets.shell, (message) => server.enqueueShell(message));
    void server.listen(server.sockets.control, (message) => void server.handleControl(message));
    void server.listen(server.sockets.stdin, (message) => server.stdin.receive(message));
    return server;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async listen(socket: zmq.Router, handle: (message: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        try {
          handle(deserialize<Content>(frames, this.info.key));
        } catch (error) {
          this.log(`dropped a message: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      if (!this.closed) this.log(`socket loop ended: ${(error as Error).message}`);
    }
  }

  private send(channel: "shell" | "control" | "iopub" | "stdin", message: JupyterMessage<unknown>): Promise<void> {
    return this.senders[channel].send(serialize(message, this.info.key));
  }

  /** Publish on iopub, after the outputs cell code produced so far (they keep their order). */
  private publish(msgType: string, content: Content, parent?: Message): Promise<void> {
    this.flushCellOutputs();
    return this.publishNow(msgType, content, parent);
  }

  /** Topic = message type (ipykernel's `kernel.<id>.<type>` prefix is free-form). */
  private publishNow(msgType: string, content: Content, parent?: Message): Promise<void> {
    const message = createMessage(msgType, content, { session: this.session, parent, identities: [Buffer.from(`kernel.${this.session}.${msgType}`)] });
    return this.send("iopub", message);
  }

  /**
   * Outputs written by cell code are published from a macrotask (setImmediate), not from the
   * cell's own call: an interrupt may terminate the cell's code (interrupt-worker.ts), and V8 then
   * drops every queued microtask, a send chained onto the iopub sender included, which would leave
   * that sender waiting forever. A macrotask survives: what the cell printed before it was stopped
   * still arrives.
   */
  private deferCellOutput(publishOutput: () => void): void {
    this.cellOutputs.push(publishOutput);
    if (this.cellOutputs.length === 1) setImmediate(() => this.flushCellOutputs());
  }

  private flushCellOutputs(): void {
    for (const publishOutput of this.cellOutputs.splice(0)) publishOutput();
  }

  private async reply(channel: "shell" | "control", parent: Message, msgType: string, content: Content): Promise<void> {
    // Outputs first: clients read the reply and then expect every iopub message of the request.
    this.flushCellOutputs();
    await this.senders.iopub.flushed();
    await this.send(channel, createMessage(msgType, content, { session: this.session, parent }));
  }

  private enqueueShell(message: Message): void {
    this.shellQueue.push(message);
    if (!this.draining) void this.drainShell();
  }

  private async drainShell(): Promise<void> {
    this.draining = true;
    while (this.shellQueue.length > 0 && !this.closed) {
      const message = this.shellQueue.shift()!;
      await this.publish("status", { execution_state: "busy" }, message);
      try {
        await this.handleShell(message);
      } catch (error) {
        this.log(`${message.header.msg_type} failed: ${(error as Error).stack}`);
      }
      await this.publish("status", { execution_state: "idle" }, message);
    }
    this.draining = false;
  }

  private async handleShell(message: Message): Promise<void> {
    const content = message.content;
    switch (message.header.msg_type) {
      case "execute_request":
        return this.execute(message);
      case "kernel_info_request":
        return this.reply("shell", message, "kernel_info_reply", this.kernelInfo());
      case "complete_request": {
        const code = String(content.code ?? "");
        const cursor = utf16Offset(code, Number(content.cursor_pos ?? code.length));
        const completion = this.engine.complete(code, cursor);
        return this.reply("shell", message, "complete_reply", {
          status: "ok",
          matches: completion.matches,
          cursor_start: codePointOffset(code, completion.cursorStart),
          cursor_end: codePointOffset(code, completion.cursorEnd),
          metadata: {},
        });
      }
      case "inspect_request": {
        const code = String(content.code ?? "");
        const inspection = this.engine.inspect(code, utf16Offset(code, Number(content.cursor_pos ?? code.length)), Number(content.detail_level ?? 0));
        return this.reply("shell", message, "inspect_reply", { status: "ok", found: inspection.found, data: inspection.data, metadata: {} });
      }
      case "is_complete_request":
        return this.reply("shell", message, "is_complete_reply", { ...this.engine.isComplete(String(content.code ?? "")) });
      case "history_request":
        return this.reply("shell", message, "history_reply", { status: "ok", history: selectHistory(this.history, content as unknown as HistoryQuery, SESSION_NUMBER) });
      case "comm_info_request":
        return this.reply("shell", message, "comm_info_reply", { status: "ok", comms: {} });
      case "shutdown_request":
        return this.shutdown("shell", message);
      default:
        this.log(`unsupported shell message ${message.header.msg_type}`);
    }
  }

  private async handleControl(message: Message): Promise<void> {
    await this.publish("status", { execution_state: "busy" }, message);
    switch (message.header.msg_type) {
      case "interrupt_request":
        this.engine.interrupt();
        await this.reply("control", message, "interrupt_reply", { status: "ok" });
        break;
      case "shutdown_request":
        return this.shutdown("control", message);
      case "kernel_info_request":
        await this.reply("control", message, "kernel_info_reply", this.kernelInfo());
        break;
      default:
        this.log(`unsupported control message ${message.header.msg_type}`);
    }
    await this.publish("status", { execution_state: "idle" }, message);
  }

  private kernelInfo(): Content {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "icp-lab",
      implementation_version: this.options.implementationVersion ?? "0.0.0",
      language_info: { ...this.engine.languageInfo },
      banner: this.engine.banner,
      debugger: false,
      help_links: [{ text: "icp-lab README", url: "https://github.com/icp-lab/icp-lab#readme" }],
    };
  }

  private outputsFor(parent: Message, silent: boolean): CellOutputs {
    const output = (msgType: string, content: Content) => {
      if (!silent) this.deferCellOutput(() => void this.publishNow(msgType, content, parent));
    };
    return {
      stream: (name, text) => output("stream", { name, text }),
      display: (payload, { displayId, update }) =>
        output(update ? "update_display_data" : "display_data", { data: payload.data, metadata: payload.metadata, transient: displayId ? { display_id: displayId } : {} }),
      clearOutput: (wait) => output("clear_output", { wait }),
      input: async (prompt, options) => {
        // The prompt comes after what the cell printed so far, as in ipykernel (it flushes first).
        this.flushCellOutputs();
        await this.senders.iopub.flushed();
        return this.stdin.ask(parent, prompt, options);
      },
    };
  }

  private async execute(message: Message): Promise<void> {
    const content = message.content;
    const code = String(content.code ?? "");
    const silent = content.silent === true;
    const storeHistory = content.store_history !== false && !silent;
    if (this.aborted.delete(message.header.msg_id)) {
      await this.reply("shell", message, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      return;
    }
    if (storeHistory) this.executionCount++;
    const executionCount = this.executionCount;
    if (!silent) await this.publish("execute_input", { code, execution_count: executionCount }, message);
    const outcome = await this.engine.execute(code, this.outputsFor(message, silent));
    if (outcome.status === "error") {
      const error = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
      if (!silent) await this.publish("error", error, message);
      if (storeHistory) this.history.push({ session: SESSION_NUMBER, line: executionCount, input: code, output: null });
      if (content.stop_on_error !== false) {
        // As ipykernel: requests already queued behind a failed cell are aborted, not run.
        for (const queued of this.shellQueue) if (queued.header.msg_type === "execute_request") this.aborted.add(queued.header.msg_id);
      }
      await this.reply("shell", message, "execute_reply", { status: "error", execution_count: executionCount, ...error, user_expressions: {}, payload: [] });
      return;
    }
    if (outcome.result && !silent) await this.publish("execute_result", { execution_count: executionCount, data: outcome.result, metadata: outcome.resultMetadata ?? {} }, message);
    if (storeHistory) {
      const text = outcome.result?.["text/plain"];
      this.history.push({ session: SESSION_NUMBER, line: executionCount, input: code, output: typeof text === "string" ? text : null });
    }
    const userExpressions: Content = {};
    for (const [name, expression] of Object.entries((content.user_expressions ?? {}) as Record<string, string>)) {
      const value = await this.engine.evaluate(String(expression));
      userExpressions[name] = value.status === "ok" ? { status: "ok", data: value.data, metadata: {} } : value;
    }
    await this.reply("shell", message, "execute_reply", { status: "ok", execution_count: executionCount, user_expressions: userExpressions, payload: outcome.payload ?? [] });
  }

  private async shutdown(channel: "shell" | "control", message: Message): Promise<void> {
    const restart = message.content.restart === true;
    await this.reply(channel, message, "shutdown_reply", { status: "ok", restart });
    await this.publish("status", { execution_state: "idle" }, message);
    await this.close();
    this.options.onShutdown?.(restart);
  }

  /** Stop serving: close the engine and the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flushCellOutputs();
    await Promise.all(Object.values(this.senders).map((sender) => sender.flushed()));
    await this.engine.close();
    await this.sockets.close();
  }
}
