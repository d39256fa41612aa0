/**
 * Parameter values from the command line, shared by `icp run` and `icp report`: `-p name=value`
 * (repeatable) and `-f params.json|.yaml`; -p wins over the file. Values stay strings here; the
 * declared types (parameters cell or template.yaml) convert and check them.
 */
import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { parse as parseYaml } from "yaml";
// engine-free.js, not the data index: option parsing must not load DuckDB (icp --help).
import { isIsoDate } from "../data/engine-free.js";
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

// Option value parsers. They throw commander's InvalidArgumentError, so the message names the option
// and the value ("option '--max-errors <n>' argument 'abc' is invalid. expected a whole number")
// and the command exits 2 like any other usage error; a bare ParameterError from a parser would
// say only "expected a whole number, got 'abc'" without saying which option was wrong.

/** Commander parser for a positive number option (seconds, counts). */
export function positiveNumber(text: string): number {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError("expected a number > 0");
  return value;
}

/** Commander parser for a whole-number option (a seed). */
export function wholeNumber(text: string): number {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isSafeInteger(value)) throw new InvalidArgumentError("expected a whole number");
  return value;
}

/** Commander parser for a whole-number option >= 1 (customers, limits). */
export function positiveWholeNumber(text: string): number {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError("expected a whole number >= 1");
  return value;
}

/** Commander parser for a calendar date option, YYYY-MM-DD (a real day: 2026-02-30 is refused). */
export function isoDateOption(text: string): string {
  if (!isIsoDate(text)) throw new InvalidArgumentError("expected a date YYYY-MM-DD");
  return text;
}

/** Commander parser for an option that takes one of a fixed list of words. */
export function oneOf<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if (!choices.includes(text as T)) throw new InvalidArgumentError(`expected one of ${choices.join(", ")}`);
    return text as T;
  };
}
