/**
 * Report runs use this icp-lab's own kernel, whatever else is installed: a kernelspec written into a
 * private temporary prefix, found first through JUPYTER_PATH. So a report never runs on a stale
 * kernel from another checkout, and a fresh machine needs no `icp kernel install` first.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ICP_KERNEL_NAME, installKernelSpec } from "../jupyter/index.js";

export interface PrivateKernel {
  kernelName: string;
  /** Environment for the runner: JUPYTER_PATH points at the private kernelspec first. */
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** Install this package's kernel into a temporary prefix; `dispose()` removes it. */
export async function privateKernel(baseEnv: NodeJS.ProcessEnv = process.env): Promise<PrivateKernel> {
  const prefix = await mkdtemp(join(tmpdir(), "icp-kernel-"));
  await installKernelSpec({ prefix, name: ICP_KERNEL_NAME });
  const jupyterPath = [join(prefix, "share", "jupyter"), baseEnv.JUPYTER_PATH].filter(Boolean).join(":");
  return {
    kernelName: ICP_KERNEL_NAME,
    env: { ...baseEnv, JUPYTER_PATH: jupyterPath },
    dispose: () => rm(prefix, { recursive: true, force: true }),
  };
}
