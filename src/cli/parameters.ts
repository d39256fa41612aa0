/**
 * Parameter values from the command line, shared by `icp run` and `icp report`: `-p name=value`
 * (repeatable) and `-f params.json|.yaml`; -p wins over the file. Values stay strings here; the
 * declared types (parameters cell or template.yaml) convert and check them.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { ParameterError } from "../errors/index.js";

export type CliParameterValue = string | number | boolean;

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `name=value` pairs from -p. */
export function parseAssignments(assignments: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const assignment of assignments) {
    const equals = assignment.indexOf("=");
    if (equals <= 0) throw new ParameterError(`-p expects name=value, got '${assignment}'`);
    values[assignment.slice(0, equals).trim()] = assignment.slice(equals + 1);
  }
  return values;
}

/** An object of name: value from a JSON or YAML file. */
export async function readParametersFile(path: string): Promise<Record<string, CliParameterValue>> {
  let parsed: unknown;
  try {
    const text = await readFile(path, "utf8");
    parsed = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ParameterError(`cannot read parameters file ${path}: ${(error as Error).message}`, { path });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ParameterError(`parameters file ${path} must hold an object of name: value`, { path });
  return parsed as Record<string, CliParameterValue>;
}

/** -f file values overlaid with -p assignments. */
export async function gatherParameters(assignments: string[], file?: string): Promise<Record<string, CliParameterValue>> {
  return { ...(file ? await readParametersFile(file) : {}), ...parseAssignments(assignments) };
}

/** Commander parser for a positive number option. */
export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ParameterError(`expected a positive number, got '${text}'`);
  return value;
}
