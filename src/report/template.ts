/**
 * Finding a report template (a folder with template.yaml|json, a notebook and an MDX layout) and
 * turning command-line parameter strings into typed, validated values — before any cell runs.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { ParameterError, ReportError } from "../errors/index.js";
import { isIsoDate } from "../data/index.js";
import { parseQuarter, quarterEnd, quarterStart } from "./quarter.js";
import { templateSpecSchema, type ParameterValue, type TemplateParameter, type TemplateSpec } from "./template-spec.js";

export interface LoadedTemplate {
  dir: string;
  specFile: string;
  spec: TemplateSpec;
  notebookPath: string;
  layoutPath?: string;
}

/** icp-lab's own templates folder (package root /templates), from dist/report or src/report. */
export function builtInTemplatesDir(): string {
  return fileURLToPath(new URL("../../templates", import.meta.url));
}

/** Resolve a template by path (a folder or its template.yaml) or by the name of a built-in template. */
export function resolveTemplateDir(nameOrPath: string, cwd = process.cwd()): string {
  const asPath = isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath);
  if (existsSync(asPath)) return statSync(asPath).isDirectory() ? asPath : dirname(asPath);
  const builtIn = join(builtInTemplatesDir(), nameOrPath);
  if (existsSync(builtIn)) return builtIn;
  throw new ReportError(`no template '${nameOrPath}': not a folder, and not one of icp-lab's templates in ${builtInTemplatesDir()}`, { template: nameOrPath });
}

/** Load and check a template folder's description. */
export function loadTemplate(nameOrPath: string, cwd = process.cwd()): LoadedTemplate {
  const dir = resolveTemplateDir(nameOrPath, cwd);
  const specFile = ["template.yaml", "template.yml", "template.json"].map((f) => join(dir, f)).find(existsSync);
  if (!specFile) throw new ReportError(`template folder ${dir} has no template.yaml or template.json`, { dir });
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(specFile, "utf8")); // YAML is a superset of JSON
  } catch (error) {
    throw new ReportError(`${specFile}: cannot parse: ${(error as Error).message}`, { file: specFile });
  }
  const parsed = templateSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`).join("\n");
    throw new ReportError(`${specFile} is not a valid template description:\n${problems}`, { file: specFile });
  }
  const spec = parsed.data;
  const notebookPath = join(dir, spec.notebook);
  if (!existsSync(notebookPath)) throw new ReportError(`${specFile}: notebook '${spec.notebook}' not found in ${dir}`, { file: specFile });
  const layoutPath = spec.layout ? join(dir, spec.layout) : undefined;
  if (layoutPath && !existsSync(layoutPath)) throw new ReportError(`${specFile}: layout '${spec.layout}' not found in ${dir}`, { file: specFile });
  return { dir, specFile, spec, notebookPath, layoutPath };
}

/** Convert one parameter's text to its typed value, or throw a ParameterError saying what was expected. */
export function coerceParameter(name: string, def: TemplateParameter, value: ParameterValue): ParameterValue {
  const text = String(value).trim();
  const fail = (expected: string): never => {
    throw new ParameterError(`parameter ${name}=${JSON.stringify(value)}: expected ${expected}`, { name, value, expected });
  };
  switch (def.type) {
    case "number":
    case "integer": {
      const number = typeof value === "number" ? value : text === "" ? NaN : Number(text);
      if (!Number.isFinite(number)) fail(def.type === "integer" ? "an integer" : "a number");
      if (def.type === "integer" && !Number.isInteger(number)) fail("an integer");
      if (def.min !== undefined && number < def.min) fail(`a number >= ${def.min}`);
      if (def.max !== undefined && number > def.max) fail(`a number <= ${def.max}`);
      return number;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (/^(true|yes|1)$/i.test(text)) return true;
      if (/^(false|no|0)$/i.test(text)) return false;
      return fail("true or false");
    case "date": {
      if (!isIsoDate(text)) {
        fail("a date YYYY-MM-DD");
      }
      return text;
    }
    case "quarter":
      try {
        parseQuarter(text);
      } catch {
        fail("a quarter YYYYQn, e.g. 2026Q3");
      }
      return text.toUpperCase().replace("-", "");
    case "enum":
      if (!def.values!.includes(text)) fail(`one of ${def.values!.join(", ")}`);
      return text;
    case "string":
      return text;
  }
}

/**
 * Typed parameter values from given strings: unknown names and bad values are errors (listing the
 * known parameters), defaults fill the rest, `defaultFrom` derives e.g. analysisDate from quarter.
 * Every problem is reported in one ParameterError (as `icp run` does), so a user with three typos
 * fixes them in one go instead of one per run.
 */
export function resolveParameters(spec: TemplateSpec, given: Record<string, ParameterValue>): Record<string, ParameterValue> {
  const known = Object.keys(spec.parameters);
  const problems: string[] = [];
  const values: Record<string, ParameterValue> = {};
  for (const [name, def] of Object.entries(spec.parameters)) {
    try {
      if (name in given) values[name] = coerceParameter(name, def, given[name]);
      else if (!def.defaultFrom && def.default !== undefined && def.default !== null) values[name] = coerceParameter(name, def, def.default);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      problems.push(error.message);
    }
  }
  const unknown = Object.keys(given).filter((name) => !known.includes(name));
  if (unknown.length) {
    problems.push(`unknown parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for template '${spec.name}' (known: ${known.join(", ")})`);
  }
  for (const [name, def] of Object.entries(spec.parameters)) {
    if (name in values || name in given || !def.defaultFrom) continue;
    const [source, edge] = def.defaultFrom.split(".");
    if (values[source] === undefined) continue;
    const quarter = parseQuarter(String(values[source]));
    values[name] = edge === "start" ? quarterStart(quarter) : quarterEnd(quarter);
  }
  const missing = Object.entries(spec.parameters).filter(([name, def]) => def.required && !(name in given) && values[name] === undefined).map(([name]) => name);
  if (missing.length) problems.push(`missing required parameter${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (give -p name=value)`);
  if (problems.length) throw new ParameterError(problems.join("; "), { problems, unknown, missing });
  return values;
}
