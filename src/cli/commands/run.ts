/**
 * `icp run NOTEBOOK.ipynb`: execute a notebook headlessly through its kernel, with parameters
 * (papermill-style), and write the executed notebook. `--describe` lists the notebook's parameters.
 * Exit codes: 0 completed, 1 a cell failed / timed out / the kernel died, 2 usage or parameter
 * error, 130 interrupted (Ctrl-C). The executed (or partial) notebook is written in every case
 * where a run started.
 */
import { basename, dirname, extname, join } from "node:path";
import type { Command } from "commander";
import { ParameterError } from "../../errors/index.js";
import type { NotebookParameter } from "../../run/index.js";
import { ExitCode } from "../main.js";
import { collect, gatherParameters, positiveNumber } from "../parameters.js";

interface RunCommandOptions {
  parameter: string[];
  parametersFile?: string;
  output?: string;
  kernel?: string;
  cwd?: string;
  cellTimeout?: number;
  startTimeout: number;
  allowErrors?: boolean;
  quiet?: boolean;
  describe?: boolean;
}

/** Register `icp run`. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("execute a notebook headlessly through its Jupyter kernel, with parameters")
    .argument("<notebook>", "the .ipynb to run")
    .option("-p, --parameter <name=value>", "set a parameter (repeatable; checked against the parameters cell)", collect, [])
    .option("-f, --parameters-file <file>", "parameters from a JSON or YAML object (-p wins)")
    .option("-o, --output <file>", "where to write the executed notebook (default: NOTEBOOK.out.ipynb)")
    .option("--kernel <name>", "kernelspec to use (default: the notebook's)")
    .option("--cwd <dir>", "kernel working directory (default: the notebook's folder)")
    .option("--cell-timeout <seconds>", "interrupt a cell after this long, kill the kernel if it does not stop", positiveNumber)
    .option("--start-timeout <seconds>", "kernel start-up limit", positiveNumber, 60)
    .option("--allow-errors", "keep running after a failing cell")
    .option("-q, --quiet", "no progress output")
    .option("--describe", "list the notebook's parameters (name, type, default) and exit")
    .action(async (notebookPath: string, options: RunCommandOptions) => {
      if (options.describe) return describe(notebookPath, options.kernel);
      const parameters = await gatherParameters(options.parameter, options.parametersFile);
      const outputPath = options.output ?? join(dirname(notebookPath), `${basename(notebookPath, extname(notebookPath))}.out.ipynb`);
      const controller = new AbortController();
      let interrupts = 0;
      const onSignal = () => {
        interrupts++;
        if (interrupts === 1) {
          process.stderr.write("\nicp run: interrupting the kernel (Ctrl-C again to quit at once)…\n");
          controller.abort();
        } else {
          process.exit(130); // the exit hook kills the kernel's process group
        }
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        // The runner (ZeroMQ, TypeScript's parser) loads only when a run starts: `icp --help` stays fast.
        const { runNotebook, createRunProgressReporter } = await import("../../run/index.js");
        const result = await runNotebook(notebookPath, {
          parameters,
          outputPath,
          kernelName: options.kernel,
          cwd: options.cwd,
          cellTimeoutMs: options.cellTimeout === undefined ? undefined : options.cellTimeout * 1000,
          startTimeoutMs: options.startTimeout * 1000,
          allowErrors: options.allowErrors ?? false,
          signal: controller.signal,
          onProgress: createRunProgressReporter({ quiet: options.quiet }),
          throwOnFailure: false,
        });
        if (result.status === "completed") {
          if (!options.quiet) process.stderr.write(`icp run: wrote ${outputPath}\n`);
          return;
        }
        process.stderr.write(`icp run: ${result.error?.message ?? result.status}\nicp run: partial notebook written to ${outputPath}\n`);
        throw new ExitCode(result.status === "interrupted" ? 130 : 1);
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}

async function describe(notebookPath: string, kernelName: string | undefined): Promise<void> {
  const { describeNotebookParameters, parameterLanguage, parametersCellIndex, readIpynb } = await import("../../run/index.js");
  const { findKernelSpec } = await import("../../jupyter/index.js");
  const notebook = await readIpynb(notebookPath);
  const language = kernelName
    ? (await findKernelSpec(kernelName)).spec.language
    : (notebook.metadata.kernelspec?.language ?? notebook.metadata.language_info?.name ?? "");
  const syntax = parameterLanguage(language ?? "");
  if (!syntax) throw new ParameterError(`cannot read parameters of a '${language}' notebook`);
  if (parametersCellIndex(notebook) < 0) {
    process.stdout.write(`${notebookPath} has no cell tagged 'parameters'\n`);
    return;
  }
  const rows = describeNotebookParameters(notebook, syntax).map((parameter) => [parameter.name, typeLabel(parameter), parameter.defaultText, parameter.description ?? ""]);
  const table = [["name", "type", "default", "description"], ...rows];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join("  ").trimEnd()}\n`);
}

function typeLabel(parameter: NotebookParameter): string {
  const type = parameter.type;
  if (type.kind === "union") return type.values.map((value) => JSON.stringify(value)).join(" | ");
  if (type.kind === "date") return "date (YYYY-MM-DD)";
  if (type.kind === "other") return `${parameter.typeText || "unchecked"} (unchecked)`;
  return type.kind;
}
