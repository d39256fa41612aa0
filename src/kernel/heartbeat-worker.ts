/**
 * Heartbeat: echo every ping on the hb REP socket. Runs in its own worker thread (see sockets.ts)
 * so a long synchronous cell does not make the kernel look dead. The parent posts "close" to stop
 * it: closing the socket here ends the loop and the thread exits on its own (terminating a thread
 * that holds a ZeroMQ socket aborts the process).
 */
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";

const socket = new zmq.Reply();
parentPort?.on("message", (message) => {
  if (message === "close") {
    socket.close();
    parentPort?.close();
  }
});
await socket.bind((workerData as { address: string }).address);
try {
  for await (const frames of socket) await socket.send(frames);
} catch {
  // The socket was closed while waiting: the normal way out.
}
