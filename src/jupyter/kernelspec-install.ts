/**
 * Installing and removing kernelspecs without Python: write `<data dir>/kernels/<name>/kernel.json`
 * in the directories Jupyter searches (see kernelspec.ts), as `jupyter kernelspec install` would.
 * https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KernelError, ParameterError } from "../errors/index.js";
import { listKernelSpecs, userDataDir, type FoundKernelSpec, type KernelSpec } from "./kernelspec.js";

/** The default kernelspec name of the icp-lab kernel. */
export const ICP_KERNEL_NAME = "icp-lab";
/** What Jupyter's launcher shows. */
export const ICP_KERNEL_DISPLAY_NAME = "TypeScript (icp-lab)";

export interface KernelSpecLocation {
  /** Install under `<prefix>/share/jupyter/kernels` (a venv, conda env or test dir). */
  prefix?: string;
  /** Install in the user's data dir (the default when no prefix is given). */
  user?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface InstallKernelSpecOptions extends KernelSpecLocation {
  /** Kernelspec name; default "icp-lab". Letters, digits, `.`, `_`, `-` (Jupyter's rule). */
  name?: string;
  /** Launcher label; default "TypeScript (icp-lab)" (or "TypeScript (icp-lab: <name>)" for other names). */
  displayName?: string;
  /** Node executable for argv[0]; default the one running now (absolute, so no PATH is needed). */
  nodePath?: string;
}

const NAME_PATTERN = /^[a-z0-9._-]+$/i;

/** icp-lab's package root (this file is dist/jupyter/kernelspec-install.js). */
function packageRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
}

/** The `kernels` directory for a location: `<prefix>/share/jupyter/kernels` or the user's. */
export function kernelsDirFor(location: KernelSpecLocation = {}): string {
  return location.prefix ? join(location.prefix, "share", "jupyter", "kernels") : join(userDataDir(location.env), "kernels");
}

/**
 * The kernel.json of the icp-lab kernel: node runs bin/icp-kernel.js with the connection file;
 * interrupts are SIGINT (a synchronous loop can only be stopped by a signal).
 * @example
 * icpKernelSpec().argv // ["/usr/bin/node", "/opt/icp-lab/bin/icp-kernel.js", "{connection_file}"]
 */
export function icpKernelSpec(options: Pick<InstallKernelSpecOptions, "name" | "displayName" | "nodePath"> = {}): KernelSpec {
  const name = options.name ?? ICP_KERNEL_NAME;
  return {
    argv: [options.nodePath ?? process.execPath, join(packageRoot(), "bin", "icp-kernel.js"), "{connection_file}"],
    display_name: options.displayName ?? (name === ICP_KERNEL_NAME ? ICP_KERNEL_DISPLAY_NAME : `TypeScript (icp-lab: ${name})`),
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { icp_lab: { package_root: packageRoot() } },
  };
}

/**
 * Write the icp-lab kernelspec; returns where it went.
 * @example
 * await installKernelSpec({ prefix: "/tmp/jupyter-test" }); // then JUPYTER_PATH=/tmp/jupyter-test/share/jupyter
 */
export async function installKernelSpec(options: InstallKernelSpecOptions = {}): Promise<FoundKernelSpec> {
  const name = options.name ?? ICP_KERNEL_NAME;
  if (!NAME_PATTERN.test(name)) throw new ParameterError(`kernel name '${name}' may only contain letters, digits, '.', '_' and '-'`, { name });
  const resourceDir = join(kernelsDirFor(options), name.toLowerCase());
  const spec = icpKernelSpec(options);
  try {
    await mkdir(resourceDir, { recursive: true });
    await writeFile(join(resourceDir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  } catch (error) {
    throw new KernelError(`cannot write kernelspec to ${resourceDir}: ${(error as Error).message}`, { resourceDir });
  }
  return { name: name.toLowerCase(), resourceDir, spec };
}

/**
 * Remove a kernelspec: from the given location, or wherever Jupyter finds it first. Returns the
 * removed directory; a KernelError when there is none.
 * @example
 * await uninstallKernelSpec({ name: "icp-lab", prefix: "/tmp/jupyter-test" });
 */
export async function uninstallKernelSpec(options: KernelSpecLocation & { name?: string } = {}): Promise<string> {
  const name = (options.name ?? ICP_KERNEL_NAME).toLowerCase();
  let resourceDir: string | undefined;
  if (options.prefix || options.user) {
    resourceDir = join(kernelsDirFor(options), name);
    try {
      await readFile(join(resourceDir, "kernel.json"));
    } catch {
      resourceDir = undefined;
    }
  } else {
    resourceDir = (await listKernelSpecs(options.env)).find((s) => s.name === name)?.resourceDir;
  }
  if (!resourceDir) throw new KernelError(`no kernelspec named '${name}' to uninstall`, { name });
  await rm(resourceDir, { recursive: true, force: true });
  return resourceDir;
}
