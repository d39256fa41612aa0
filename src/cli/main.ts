/**
 * The `icp` command line. Each command lives in its own file under commands/ and only parses
 * arguments, calls the library and prints; results go to stdout or files, logs and errors to stderr.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { Command, CommanderError } from "commander";
import { IcpError, exitCodeFor } from "../errors/index.js";
import { COMMANDS } from "./commands/index.js";
import { readPackageVersion } from "./version.js";

/** Thrown by a command to end with a given exit code after it has printed its own message. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function buildProgram(): Command {
  const program = new Command("icp")
    .description("icp-lab: ideal-customer portraits — data, notebooks, reports")
    .version(readPackageVersion(), "-V, --version")
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  // Sub-commands inherit exitOverride so usage errors reach main() instead of exiting.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride();
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Run the CLI with `argv` (process.argv form); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof CommanderError) {
      // --help and --version end with exitCode 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof IcpError) {
      process.stderr.write(`icp: ${error.message}\n`);
      return exitCodeFor(error);
    }
    process.stderr.write(`icp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
