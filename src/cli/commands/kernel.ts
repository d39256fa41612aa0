/**
 * `icp kernel install [--user | --prefix P] [--name N]`, `icp kernel list`,
 * `icp kernel uninstall [--name N] [--user | --prefix P]`, and the hidden `icp kernel start
 * <connection-file>` (what bin/icp-kernel.js also does). Kernelspecs are written by icp-lab
 * itself into Jupyter's data dirs, so no Python is needed.
 */
import type { Command } from "commander";
import { ICP_KERNEL_NAME, installKernelSpec, listKernelSpecs, uninstallKernelSpec } from "../../jupyter/index.js";
import { ParameterError } from "../../errors/index.js";

interface LocationFlags {
  user?: boolean;
  prefix?: string;
  name: string;
}

function checkLocation(flags: LocationFlags): void {
  if (flags.user && flags.prefix) throw new ParameterError("use either --user or --prefix, not both");
}

export function registerKernelCommand(program: Command): void {
  const kernel = program.command("kernel").description("install, list and remove the icp-lab Jupyter kernel");

  kernel
    .command("install")
    .description("register the icp-lab TypeScript kernel with Jupyter (JupyterLab, Notebook, VS Code, nbconvert)")
    .option("--user", "install for the current user (default)")
    .option("--prefix <dir>", "install under <dir>/share/jupyter/kernels (a venv, conda env, or a JUPYTER_PATH dir)")
    .option("--name <name>", "kernelspec name", ICP_KERNEL_NAME)
    .action(async (flags: LocationFlags) => {
      checkLocation(flags);
      const installed = await installKernelSpec({ user: flags.user, prefix: flags.prefix, name: flags.name });
      process.stdout.write(`installed kernelspec '${installed.name}' (${installed.spec.display_name}) in ${installed.resourceDir}\n`);
      if (flags.prefix) process.stdout.write(`Jupyter finds it with JUPYTER_PATH=${flags.prefix}/share/jupyter\n`);
    });

  kernel
    .command("list")
    .description("list the kernelspecs Jupyter can see")
    .action(async () => {
      const specs = await listKernelSpecs();
      if (specs.length === 0) process.stdout.write("no kernelspecs found\n");
      const width = Math.max(...specs.map((s) => s.name.length), 4);
      for (const spec of specs) process.stdout.write(`${spec.name.padEnd(width)}  ${spec.resourceDir}  (${spec.spec.display_name})\n`);
    });

  kernel
    .command("uninstall")
    .description("remove a kernelspec (default: the first 'icp-lab' Jupyter finds)")
    .option("--user", "remove it from the user's data dir")
    .option("--prefix <dir>", "remove it from <dir>/share/jupyter/kernels")
    .option("--name <name>", "kernelspec name", ICP_KERNEL_NAME)
    .action(async (flags: LocationFlags) => {
      checkLocation(flags);
      const removed = await uninstallKernelSpec({ user: flags.user, prefix: flags.prefix, name: flags.name });
      process.stdout.write(`removed ${removed}\n`);
    });

  kernel
    .command("start <connection-file>", { hidden: true })
    .description("run the kernel process on a Jupyter connection file (used by kernelspecs)")
    .action(async (connectionFile: string) => {
      // Imported here so `icp kernel list` does not load the TypeScript engine and ZeroMQ.
      const { runKernel } = await import("../../kernel/index.js");
      await runKernel(connectionFile);
      await new Promise<never>(() => undefined); // serve until shutdown_request exits the process
    });
}
