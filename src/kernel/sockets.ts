/**
 * The kernel's five ZeroMQ sockets, bound to the ports of the connection file, with serialised
 * sends (a zeromq v6 socket rejects a send while the previous one is still queued). The heartbeat
 * echo runs in a worker thread so it keeps answering while a cell blocks the main thread.
 */
import { Worker } from "node:worker_threads";
import * as zmq from "zeromq";
import { channelAddress, type ConnectionInfo } from "../jupyter/index.js";

/** Sends frames on one socket in call order, one at a time. */
export class SerialSender {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly socket: zmq.Writable & zmq.Socket, private readonly onError: (error: unknown) => void) {}

  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch(this.onError);
    return this.tail;
  }

  /** Resolves when everything sent so far has been handed to ZeroMQ. */
  flushed(): Promise<void> {
    return this.tail;
  }
}

export interface KernelSockets {
  shell: zmq.Router;
  control: zmq.Router;
  stdin: zmq.Router;
  iopub: zmq.Publisher;
  heartbeat: Worker;
  close(): Promise<void>;
}

/**
 * Bind the shell, control, stdin and iopub sockets and start the heartbeat worker.
 * @example
 * const sockets = await bindKernelSockets(await readConnectionFile(path));
 */
export async function bindKernelSockets(info: ConnectionInfo): Promise<KernelSockets> {
  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const iopub = new zmq.Publisher();
  await Promise.all([
    shell.bind(channelAddress(info, "shell")),
    control.bind(channelAddress(info, "control")),
    stdin.bind(channelAddress(info, "stdin")),
    iopub.bind(channelAddress(info, "iopub")),
  ]);
  const heartbeat = new Worker(new URL("./heartbeat-worker.js", import.meta.url), { workerData: { address: channelAddress(info, "hb") } });
  // Not unref()'d: with an unref'd worker, process.exit right after its "exit" event tore down its
  // environment while the process was exiting, and zeromq's socket finalizer then threw during
  // teardown ("terminate called after throwing an instance of 'Napi::Error'", SIGABRT) at most
  // shutdowns after DuckDB had been used. The kernel exits through process.exit anyway.
  return {
    shell,
    control,
    stdin,
    iopub,
    heartbeat,
    async close() {
      for (const socket of [shell, control, stdin, iopub]) socket.close();
      const exited = new Promise<void>((resolve) => heartbeat.once("exit", () => resolve()));
      heartbeat.postMessage("close");
      await exited;
    },
  };
}
