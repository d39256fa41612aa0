/**
 * The kernel process: `icp-kernel <connection-file>` (what the kernelspec's argv runs). Reads the
 * connection file, creates the TypeScript engine in the notebook's folder (the working directory
 * Jupyter starts kernels in), serves the protocol, and exits after shutdown_request.
 * Interrupts arrive as SIGINT (kernelspec `interrupt_mode: "signal"`): a synchronous loop is
 * stopped by vm's breakOnSigint inside tslab's executor, an await by the engine's interrupt (this
 * process's SIGINT listener), synchronous code after an await by the engine's interrupt worker.
 */
import { readConnectionFile } from "../jupyter/index.js";
import { KernelError } from "../errors/index.js";
import { createTslabEngine } from "./tslab-engine.js";
import { KernelServer } from "./server.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { icpLabRoot } from "./modules.js";
import { announcedParentPid, watchParent } from "./parent-watch.js";

export interface RunKernelOptions {
  /** Directory cells run in; default the working directory. */
  rootDir?: string;
}

/**
 * Start a kernel on `connectionFile`; resolves once it serves (the process then lives until
 * shutdown_request, or SIGTERM).
 * @example
 * await runKernel("/run/user/1000/jupyter/kernel-1234.json");
 */
export async function runKernel(connectionFile: string, options: RunKernelOptions = {}): Promise<KernelServer> {
  if (!connectionFile) throw new KernelError("usage: icp-kernel <connection-file>");
  const info = await readConnectionFile(connectionFile);
  // Kernel diagnostics go to the real stderr (Jupyter's log), not into cells: keep it before the
  // engine routes process.stderr to the running cell.
  const kernelLog = process.stderr.write.bind(process.stderr);
  const engine = createTslabEngine({ rootDir: options.rootDir, log: (line) => kernelLog(`[icp-kernel] ${line}\n`) });
  const server = await KernelServer.start(info, engine, {
    implementationVersion: packageVersion(),
    log: (line) => kernelLog(`[icp-kernel] ${line}\n`),
    onShutdown: () => process.exit(0),
  });
  process.on("SIGINT", () => engine.interrupt());
  process.on("SIGTERM", () => void server.close().finally(() => process.exit(0)));
  const parentPid = announcedParentPid();
  if (parentPid) watchParent(parentPid, () => {
    kernelLog(`[icp-kernel] parent process ${parentPid} is gone: exiting\n`);
    // Stop running DuckDB queries first: process.exit waits for the thread-pool threads they run on.
    engine.interrupt();
    process.exit(0);
  });
  // A promise rejected in a cell after it ended must not kill the kernel: report it instead.
  process.on("unhandledRejection", (reason) => kernelLog(`[icp-kernel] unhandled rejection: ${String((reason as Error)?.stack ?? reason)}\n`));
  process.on("uncaughtException", (error) => kernelLog(`[icp-kernel] uncaught exception: ${error.stack}\n`));
  return server;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(icpLabRoot(), "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
