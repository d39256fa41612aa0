/**
 * A Jupyter client in Node: launches a kernel from its kernelspec and talks the messaging protocol
 * over ZeroMQ (shell/stdin DEALER, iopub SUB, control DEALER, heartbeat DEALER to the kernel's REP).
 * Used by the headless runner (src/run) and by kernel tests; no Python is involved on this side.
 *
 * Lifecycle as in jupyter_client's KernelManager: write a connection file, spawn `argv` with
 * `{connection_file}` substituted (in its own process group, so the whole kernel tree can be
 * signalled and killed), handshake with kernel_info until IOPub is live (a SUB socket drops messages
 * published before it is connected), then execute. Kernels are killed when the Node process exits or
 * is terminated, so none outlives its client.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { KernelError } from "../errors/index.js";
import { channelAddress, createConnectionInfo, type ConnectionInfo } from "./connection.js";
import { findKernelSpec, type FoundKernelSpec } from "./kernelspec.js";
import { createMessage, deserialize, serialize, type JupyterMessage } from "./message.js";

/** How to launch a kernel. */
export interface KernelLaunchOptions {
  /** Kernelspec name (default "python3"), ignored when `spec` is given. */
  kernelName?: string;
  /** An already resolved kernelspec. */
  spec?: FoundKernelSpec;
  /** Working directory of the kernel process (default: this process's cwd). */
  cwd?: string;
  /** Environment for the kernel (default process.env), merged under the kernelspec's `env`. */
  env?: NodeJS.ProcessEnv;
  /** How long start-up + kernel_info handshake may take (default 60 000 ms). */
  startTimeoutMs?: number;
  /** Called with the kernel's own stderr/stdout text (default: discarded). */
  onKernelLog?: (text: string) => void;
}

/** One IOPub message that belongs in a cell's outputs (stream, display_data, error, ...). */
export interface KernelOutputMessage {
  msgType: "stream" | "display_data" | "update_display_data" | "execute_result" | "error" | "clear_output";
  content: Record<string, unknown>;
}

export interface ExecuteOptions {
  /** Called for every output message, in arrival order. */
  onOutput?: (output: KernelOutputMessage) => void;
  /** Interrupt the kernel after this long (default: no limit). */
  timeoutMs?: number;
  /** After a timeout's interrupt, how long to wait for the reply before killing (default 5 000 ms). */
  interruptGraceMs?: number;
  /** Passed to execute_request (defaults: silent false, store_history true). */
  silent?: boolean;
  storeHistory?: boolean;
  /**
   * Ask the kernel to abort queued requests after an error (default true). ipykernel also aborts
   * requests that reach it just after the error reply (its stop_on_error_timeout window, timing-dependent):
   * send false when more cells are to run after a failing one, as `icp run --allow-errors` does.
   */
  stopOnError?: boolean;
}

/** What `execute` reports once the kernel is idle again. */
export interface ExecuteResult {
  /** execute_reply status. */
  status: "ok" | "error" | "aborted";
  executionCount: number | null;
  /** ename/evalue/traceback from the reply when status is error. */
  error?: { ename: string; evalue: string; traceback: string[] };
  /** True when the cell ran past `timeoutMs` and was interrupted (the reply came after the interrupt). */
  timedOut: boolean;
  /** ISO timestamps (papermill-style cell timing): request sent, execute_input seen, reply received. */
  requestedAt: string;
  executeInputAt?: string;
  executeReplyAt: string;
  reply: Record<string, unknown>;
}

/** How long after execute_reply to wait for IOPub's idle status (nbclient's iopub_timeout is 4 s). */
const IOPUB_IDLE_GRACE_MS = 4_000;

const OUTPUT_TYPES = new Set(["stream", "display_data", "update_display_data", "execute_result", "error", "clear_output"]);

interface PendingRequest {
  resolve: (message: JupyterMessage) => void;
}

interface PendingExecution {
  onIopub: (message: JupyterMessage) => void;
}

/**
 * A running kernel and the sockets to talk to it.
 *
 * @example
 * const kernel = await KernelClient.launch({ kernelName: "python3" });
 * try {
 *   const result = await kernel.execute("print(1 + 1)", { onOutput: (o) => console.log(o.content) });
 *   // result.status === "ok"; onOutput saw { name: "stdout", text: "2\n" }
 * } finally {
 *   await kernel.shutdown();
 * }
 */
export class KernelClient {
  /** The kernel_info_reply content from the start-up handshake. */
  kernelInfo: Record<string, unknown> = {};
  private child?: ChildProcess;
  private connection!: ConnectionInfo;
  private connectionDir!: string;
  private sockets: { shell: zmq.Dealer; control: zmq.Dealer; stdin: zmq.Dealer; iopub: zmq.Subscriber; hb: zmq.Dealer } | undefined;
  private readonly session = randomUUID();
  private readonly replies = new Map<string, PendingRequest>();
  private readonly executions = new Map<string, PendingExecution>();
  private readonly deathListeners = new Set<(error: KernelError) => void>();
  private iopubSeen = new Set<string>();
  private exitInfo?: { code: number | null; signal: NodeJS.Signals | null };
  private stopping = false;

  private constructor(
    readonly spec: FoundKernelSpec,
    private readonly options: KernelLaunchOptions,
  ) {}

  /** Find the kernelspec, spawn the kernel, connect, and wait until it answers kernel_info. */
  static async launch(options: KernelLaunchOptions = {}): Promise<KernelClient> {
    const spec = options.spec ?? (await findKernelSpec(options.kernelName ?? "python3", options.env ?? process.env));
    const client = new KernelClient(spec, options);
    await client.start();
    return client;
  }

  /** Process id of the kernel (also its process group id). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the kernel process is running. */
  get alive(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  /** Be told when the kernel process dies unexpectedly (not after shutdown()). */
  onDeath(listener: (error: KernelError) => void): () => void {
    this.deathListeners.add(listener);
    return () => this.deathListeners.delete(listener);
  }

  private async start(): Promise<void> {
    const startTimeoutMs = this.options.startTimeoutMs ?? 60_000;
    this.stopping = false;
    this.exitInfo = undefined;
    this.connection = await createConnectionInfo(this.spec.name);
    this.connectionDir = mkdtempSync(join(tmpdir(), "icp-kernel-"));
    const connectionFile = join(this.connectionDir, `kernel-${this.session}.json`);
    writeFileSync(connectionFile, JSON.stringify(this.connection, null, 2), { mode: 0o600 });
    const argv = this.spec.spec.argv.map((arg) =>
      arg.replaceAll("{connection_file}", connectionFile).replaceAll("{resource_dir}", this.spec.resourceDir),
    );
    // JPY_PARENT_PID lets ipykernel notice a dead parent (it polls and exits), a last line of defence
    // against orphans when this process is SIGKILLed and cannot clean up.
    const env = { ...(this.options.env ?? process.env), ...(this.spec.spec.env ?? {}), JPY_PARENT_PID: String(process.pid) };
    const child = spawn(argv[0], argv.slice(1), { cwd: this.options.cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const spawnFailure = new Promise<never>((_, reject) => {
      child.once("error", (error) => reject(new KernelError(`cannot start kernel '${this.spec.name}' (${argv[0]}): ${error.message}`, { kernel: this.spec.name })));
      child.once("exit", (code, signal) =>
        reject(new KernelError(`kernel '${this.spec.name}' exited during start-up (code ${code}, signal ${signal})`, { kernel: this.spec.name, code, signal })),
      );
    });
    spawnFailure.catch(() => undefined);
    if (child.pid !== undefined) trackKernelProcess(child.pid);
    const log = this.options.onKernelLog;
    child.stdout?.on("data", (chunk: Buffer) => log?.(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => log?.(chunk.toString("utf8")));
    child.on("exit", (code, signal) => this.handleExit(code, signal));
    this.connect();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KernelError(`kernel '${this.spec.name}' did not answer kernel_info within ${startTimeoutMs} ms`, { kernel: this.spec.name })), startTimeoutMs);
    });
    try {
      await Promise.race([this.handshake(), spawnFailure, timeout]);
    } catch (error) {
      await this.kill();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** kernel_info until both the reply and an IOPub message for one of our requests arrived. */
  private async handshake(): Promise<void> {
    for (;;) {
      const request = createMessage("kernel_info_request", {}, { session: this.session });
      const reply = this.request(this.sockets!.shell, request);
      const answered = await Promise.race([reply.then(() => true), delay(500).then(() => false)]);
      if (answered) {
        this.kernelInfo = (await reply).content;
        // Some kernels (tslab) send no status for kernel_info; give IOPub's subscription a moment to
        // propagate, then accept (execute() also tolerates a lost idle, see IOPUB_IDLE_GRACE_MS).
        for (let waited = 0; waited < 200 && !this.iopubSeen.has(request.header.msg_id); waited += 20) await delay(20);
        return;
      }
      this.replies.delete(request.header.msg_id);
    }
  }

  private connect(): void {
    const routingId = `icp-${randomUUID()}`;
    const shell = new zmq.Dealer({ routingId, linger: 0 });
    const stdin = new zmq.Dealer({ routingId, linger: 0 });
    const control = new zmq.Dealer({ linger: 0 });
    const hb = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    iopub.subscribe();
    shell.connect(channelAddress(this.connection, "shell"));
    stdin.connect(channelAddress(this.connection, "stdin"));
    control.connect(channelAddress(this.connection, "control"));
    hb.connect(channelAddress(this.connection, "hb"));
    iopub.connect(channelAddress(this.connection, "iopub"));
    this.sockets = { shell, stdin, control, iopub, hb };
    for (const socket of [shell, control]) void this.readLoop(socket, (message) => this.replies.get(String(message.parent_header.msg_id))?.resolve(message));
    void this.readLoop(iopub, (message) => this.handleIopub(message));
    void this.readLoop(stdin, (message) => {
      // The runner sends allow_stdin=false; a kernel asking anyway gets an empty line, not a hang.
      if (message.header.msg_type === "input_request") void this.send(stdin, createMessage("input_reply", { value: "" }, { session: this.session, parent: message }));
    });
  }

  private async readLoop(socket: zmq.Dealer | zmq.Subscriber, handle: (message: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = deserialize(frames as Buffer[], this.connection.key);
        } catch {
          continue; // A malformed or badly signed message is dropped, as jupyter_client does.
        }
        handle(message);
      }
    } catch {
      // The socket was closed: the loop ends.
    }
  }

  private handleIopub(message: JupyterMessage): void {
    const parentId = String(message.parent_header.msg_id ?? "");
    if (parentId) this.iopubSeen.add(parentId);
    this.executions.get(parentId)?.onIopub(message);
  }

  private async send(socket: zmq.Dealer, message: JupyterMessage<unknown>): Promise<void> {
    await socket.send(serialize(message, this.connection.key));
  }

  /** Send a request and resolve with the reply whose parent is that request. */
  private request(socket: zmq.Dealer, message: JupyterMessage<unknown>): Promise<JupyterMessage> {
    const reply = new Promise<JupyterMessage>((resolve) => this.replies.set(message.header.msg_id, { resolve }));
    void this.send(socket, message);
    return reply.finally(() => this.replies.delete(message.header.msg_id));
  }

  /**
   * Execute `code` and resolve when the kernel has replied and gone idle. Output messages reach
   * `onOutput` as they arrive. On `timeoutMs` the kernel is interrupted; if it does not reply within
   * `interruptGraceMs` it is killed and this rejects with a KernelError (`reason: "timeout"`). A kernel
   * that dies meanwhile rejects with `reason: "died"`.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    if (!this.alive || !this.sockets) throw this.deathError("kernel is not running");
    const request = createMessage(
      "execute_request",
      { code, silent: options.silent ?? false, store_history: options.storeHistory ?? true, user_expressions: {}, allow_stdin: false, stop_on_error: options.stopOnError ?? true },
      { session: this.session },
    );
    const msgId = request.header.msg_id;
    const requestedAt = new Date().toISOString();
    let executeInputAt: string | undefined;
    let idle!: () => void;
    const becameIdle = new Promise<void>((resolve) => (idle = resolve));
    this.executions.set(msgId, {
      onIopub: (message) => {
        const type = message.header.msg_type;
        if (type === "execute_input") executeInputAt = message.header.date;
        else if (type === "status" && message.content.execution_state === "idle") idle();
        else if (OUTPUT_TYPES.has(type)) options.onOutput?.({ msgType: type as KernelOutputMessage["msgType"], content: message.content });
      },
    });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    const died = new Promise<never>((_, reject) => (unsubscribe = this.onDeath(reject)));
    died.catch(() => undefined);
    const replied = this.request(this.sockets.shell, request);
    // Outputs may trail the reply; idle on IOPub says they are all in. Should idle never come (a
    // kernel without status messages, a dropped message), the reply plus a grace period ends the cell.
    const finished = replied.then(async (reply) => {
      await Promise.race([becameIdle, delay(IOPUB_IDLE_GRACE_MS)]);
      return reply;
    });
    try {
      if (options.timeoutMs !== undefined) {
        const overtime = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.timeoutMs)));
        const first = await Promise.race([finished, overtime, died]);
        if (first === "timeout") {
          timedOut = true;
          await this.interrupt().catch(() => undefined);
          const grace = delay(options.interruptGraceMs ?? 5_000).then(() => "grace" as const);
          const afterInterrupt = await Promise.race([finished, grace, died]);
          if (afterInterrupt === "grace") {
            await this.kill();
            throw new KernelError(`cell timed out after ${options.timeoutMs} ms and the kernel did not answer the interrupt; the kernel was killed`, { reason: "timeout", timeoutMs: options.timeoutMs });
          }
        }
      }
      const reply = await Promise.race([finished, died]);
      const content = reply.content;
      const status = (content.status as ExecuteResult["status"]) ?? "error";
      const executionCount = typeof content.execution_count === "number" ? content.execution_count : null;
      const error = status === "error"
        ? { ename: String(content.ename ?? "Error"), evalue: String(content.evalue ?? ""), traceback: (content.traceback as string[] | undefined) ?? [] }
        : undefined;
      return { status, executionCount, error, timedOut, requestedAt, executeInputAt, executeReplyAt: reply.header.date ?? new Date().toISOString(), reply: content };
    } finally {
      clearTimeout(timer);
      unsubscribe();
      this.executions.delete(msgId);
    }
  }

  /** Interrupt the running cell: SIGINT to the kernel's process group, or interrupt_request per interrupt_mode. */
  async interrupt(): Promise<void> {
    if (!this.alive) return;
    if (this.spec.spec.interrupt_mode === "message") {
      await Promise.race([this.request(this.sockets!.control, createMessage("interrupt_request", {}, { session: this.session })), delay(5_000)]);
    } else {
      killProcessGroup(this.child!.pid!, "SIGINT");
    }
  }

  /** Ping the heartbeat channel; false when the kernel does not echo within `timeoutMs` (default 2 000). */
  async heartbeat(timeoutMs = 2_000): Promise<boolean> {
    if (!this.alive || !this.sockets) return false;
    const payload = Buffer.from(randomUUID());
    const hb = this.sockets.hb;
    // DEALER talking to the kernel's REP: an empty delimiter frame stands in for REQ's envelope.
    await hb.send([Buffer.alloc(0), payload]);
    const echoed = (async () => {
      for (;;) {
        const frames = await hb.receive();
        if (frames.some((frame) => frame.equals(payload))) return true;
      }
    })().catch(() => false);
    return Promise.race([echoed, delay(timeoutMs).then(() => false)]);
  }

  /** Shut the kernel down and start it again (fresh process and state, same kernelspec). */
  async restart(): Promise<void> {
    await this.shutdown();
    await this.start();
  }

  /**
   * Ask the kernel to shut down (shutdown_request on control), then SIGTERM and finally SIGKILL its
   * process group if it is still there; closes the sockets and removes the connection file.
   */
  async shutdown(): Promise<void> {
    if (this.stopping && !this.child) return;
    this.stopping = true;
    if (this.alive && this.sockets) {
      const request = createMessage("shutdown_request", { restart: false }, { session: this.session });
      await Promise.race([this.request(this.sockets.control, request), delay(3_000)]);
      await this.waitForExit(3_000);
    }
    await this.kill();
  }

  /** Kill the kernel's process group now (SIGTERM, then SIGKILL after 2 s) and release everything. */
  async kill(): Promise<void> {
    this.stopping = true;
    const pid = this.child?.pid;
    if (pid !== undefined && this.alive) {
      killProcessGroup(pid, "SIGTERM");
      if (!(await this.waitForExit(2_000))) {
        killProcessGroup(pid, "SIGKILL");
        await this.waitForExit(2_000);
      }
    }
    // Children the kernel started may outlive it in its group; the group goes too. SIGKILL is delivered
    // asynchronously: wait (briefly) until the group is empty, so none of it is left when this resolves.
    if (pid !== undefined) {
      killProcessGroup(pid, "SIGKILL");
      await waitForGroupExit(pid, 1_000);
    }
    if (pid !== undefined) untrackKernelProcess(pid);
    if (this.sockets) for (const socket of Object.values(this.sockets)) socket.close();
    this.sockets = undefined;
    this.child = undefined;
    if (this.connectionDir) rmSync(this.connectionDir, { recursive: true, force: true });
  }

  private async waitForExit(timeoutMs: number): Promise<boolean> {
    const child = this.child;
    if (!child || this.exitInfo) return true;
    return Promise.race([new Promise<boolean>((resolve) => child.once("exit", () => resolve(true))), delay(timeoutMs).then(() => this.exitInfo !== undefined)]);
  }

  private handleExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitInfo = { code, signal };
    if (this.stopping) return;
    const error = this.deathError(`kernel '${this.spec.name}' died (exit code ${code}, signal ${signal})`);
    for (const listener of [...this.deathListeners]) listener(error);
  }

  private deathError(message: string): KernelError {
    return new KernelError(message, { reason: "died", kernel: this.spec.name, code: this.exitInfo?.code, signal: this.exitInfo?.signal });
  }
}

/** Signal a kernel's whole process group (it was spawned detached, so its pid is the group id). */
/** Poll until no process of group `pid` is left (or `timeoutMs` passed; zombies nobody reaps count as left). */
async function waitForGroupExit(pid: number, timeoutMs: number): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 10) {
    try {
      process.kill(-pid, 0);
    } catch {
      return; // ESRCH: the group is empty.
    }
    await delay(10);
  }
}

function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

// Every live kernel's process group, killed synchronously when this process exits or is terminated,
// so a kernel never outlives its client (also on uncaught errors and Ctrl-C).
const liveKernelPids = new Set<number>();
let exitHooksInstalled = false;

function killAllKernels(): void {
  for (const pid of liveKernelPids) killProcessGroup(pid, "SIGKILL");
  liveKernelPids.clear();
}

function trackKernelProcess(pid: number): void {
  liveKernelPids.add(pid);
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on("exit", killAllKernels);
  for (const signal of ["SIGTERM", "SIGHUP", "SIGINT"] as const) {
    const onSignal = () => {
      // Someone else (the `icp run` command) handles this signal: let them interrupt gracefully.
      if (process.listenerCount(signal) > 1) return;
      killAllKernels();
      process.off(signal, onSignal);
      process.kill(process.pid, signal); // re-raise with the default action
    };
    process.on(signal, onSignal);
  }
}

function untrackKernelProcess(pid: number): void {
  liveKernelPids.delete(pid);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
