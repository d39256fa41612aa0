/**
 * Connection files: the JSON a kernel is started with (ports, transport, HMAC key), written by the
 * client and read by the kernel. https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { readFile } from "node:fs/promises";
import { KernelError } from "../errors/index.js";

export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: "hmac-sha256";
  kernel_name?: string;
}

export const CHANNELS = ["shell", "iopub", "stdin", "control", "hb"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The ZeroMQ address of one channel, e.g. tcp://127.0.0.1:5555. */
export function channelAddress(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port` as const];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/** Ask the OS for a free loopback port (closed again at once, then handed to the kernel). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh connection on loopback with five free ports and a random key. */
export async function createConnectionInfo(kernelName?: string): Promise<ConnectionInfo> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort());
  const [shell_port, iopub_port, stdin_port, control_port, hb_port] = [...ports];
  return {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port,
    iopub_port,
    stdin_port,
    control_port,
    hb_port,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: kernelName,
  };
}

/** Read and check a connection file (as a kernel does on start). */
export async function readConnectionFile(path: string): Promise<ConnectionInfo> {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(await readFile(path, "utf8")) as ConnectionInfo;
  } catch (error) {
    throw new KernelError(`cannot read connection file ${path}: ${(error as Error).message}`, { path });
  }
  for (const channel of CHANNELS) {
    if (typeof info[`${channel}_port`] !== "number") {
      throw new KernelError(`connection file ${path} has no ${channel}_port`, { path });
    }
  }
  if (info.signature_scheme && info.signature_scheme !== "hmac-sha256") {
    throw new KernelError(`connection file ${path}: unsupported signature scheme ${info.signature_scheme}`, { path });
  }
  return info;
}
