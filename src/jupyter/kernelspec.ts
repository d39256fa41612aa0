/**
 * Kernelspec discovery: where Jupyter looks for kernels, and reading `kernel.json`. Used by the
 * runner to launch a notebook's kernel and by `icp kernel list`. Search order as jupyter_core:
 * $JUPYTER_PATH entries, the user data dir, then sys.prefix-style dirs (/usr/local/share/jupyter,
 * /usr/share/jupyter). https://docs.jupyter.org/en/latest/use/jupyter-directories.html
 */
import { readdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { KernelError } from "../errors/index.js";

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode?: "signal" | "message";
  env?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

export interface FoundKernelSpec {
  name: string;
  /** The directory holding kernel.json. */
  resourceDir: string;
  spec: KernelSpec;
}

/** The user's Jupyter data dir ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter on Linux). */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const xdg = env.XDG_DATA_HOME || join(homedir(), ".local", "share");
  return join(xdg, "jupyter");
}

/** Jupyter data directories in search order (first wins for a name). */
export function jupyterDataDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.JUPYTER_PATH ?? "").split(":").filter(Boolean);
  return [...fromEnv, userDataDir(env), "/usr/local/share/jupyter", "/usr/share/jupyter"];
}

/** Every kernelspec visible to Jupyter, first occurrence of each name. */
export async function listKernelSpecs(env: NodeJS.ProcessEnv = process.env): Promise<FoundKernelSpec[]> {
  const found = new Map<string, FoundKernelSpec>();
  for (const dataDir of jupyterDataDirs(env)) {
    const kernelsDir = join(dataDir, "kernels");
    let names: string[];
    try {
      names = await readdir(kernelsDir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const key = name.toLowerCase();
      if (found.has(key)) continue;
      const resourceDir = join(kernelsDir, name);
      try {
        const spec = JSON.parse(await readFile(join(resourceDir, "kernel.json"), "utf8")) as KernelSpec;
        found.set(key, { name: key, resourceDir, spec });
      } catch {
        // A directory without a readable kernel.json is not a kernelspec; Jupyter skips it too.
      }
    }
  }
  return [...found.values()];
}

/** Find a kernelspec by name (case-insensitive, as Jupyter); a clear error lists what exists. */
export async function findKernelSpec(name: string, env: NodeJS.ProcessEnv = process.env): Promise<FoundKernelSpec> {
  const specs = await listKernelSpecs(env);
  const match = specs.find((s) => s.name === name.toLowerCase());
  if (!match) {
    const known = specs.map((s) => s.name).join(", ") || "none";
    throw new KernelError(`no kernelspec named '${name}' (installed: ${known}); run 'icp kernel install' for the icp-lab kernel`, { name });
  }
  return match;
}
