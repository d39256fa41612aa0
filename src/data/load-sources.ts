/**
 * Which file holds which model table: a folder is scanned for `<table>.<ext>` files, or files are
 * given explicitly (by path, table taken from the file name, or as a table → path record).
 */
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { DataError, ParameterError } from "../errors/index.js";
import { TABLE_NAMES, type TableName } from "./schema.js";

export type SourceFormat = "csv" | "json" | "ndjson" | "parquet" | "arrow";

export interface TableSource {
  table: TableName;
  /** Absolute path. */
  file: string;
  format: SourceFormat;
}

/** File extensions and the format each means. */
export const EXTENSION_FORMATS: Record<string, SourceFormat> = {
  ".csv": "csv", ".tsv": "csv", ".txt": "csv",
  ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson",
  ".parquet": "parquet", ".pq": "parquet",
  ".arrow": "arrow", ".feather": "arrow", ".ipc": "arrow", ".arrows": "arrow",
};

/** Default preference when a folder holds one table in several formats (fastest, best-typed first). */
export const DEFAULT_FORMAT_PREFERENCE: SourceFormat[] = ["parquet", "arrow", "csv", "ndjson", "json"];

/** What to load: a folder, a list of files, or an explicit table → file record. */
export type DatasetSource = string | string[] | Partial<Record<TableName, string>>;

export interface ResolvedSources {
  sources: TableSource[];
  /** Files in a folder that were not used (unknown names, or another format of a table already chosen). */
  ignored: string[];
}

function formatOf(file: string): SourceFormat | undefined {
  return EXTENSION_FORMATS[extname(file).toLowerCase()];
}

function tableOf(file: string, tableMap: Record<string, string>): TableName | undefined {
  const stem = basename(file, extname(file));
  const mapped = tableMap[stem] ?? stem;
  return (TABLE_NAMES as string[]).includes(mapped) ? (mapped as TableName) : undefined;
}

/**
 * Resolve a dataset source to one file per model table.
 *
 * @example
 * await resolveSources("data/demo")                    // data/demo/customers.parquet, orders.parquet, ...
 * await resolveSources({ customers: "crm/accounts.csv", orders: "billing/payments.ndjson" })
 */
export async function resolveSources(
  source: DatasetSource,
  options: { preferFormat?: SourceFormat[]; tableMap?: Record<string, string> } = {},
): Promise<ResolvedSources> {
  const preference = options.preferFormat ?? DEFAULT_FORMAT_PREFERENCE;
  const tableMap = options.tableMap ?? {};
  if (typeof source === "object" && !Array.isArray(source)) {
    const sources: TableSource[] = [];
    for (const [table, file] of Object.entries(source) as [TableName, string][]) {
      if (!(TABLE_NAMES as string[]).includes(table)) throw new ParameterError(`unknown table "${table}" (known: ${TABLE_NAMES.join(", ")})`, { table });
      sources.push({ table, file: resolve(file), format: requireFormat(file) });
    }
    await Promise.all(sources.map((s) => requireFile(s.file)));
    return { sources, ignored: [] };
  }
  let files: string[];
  if (typeof source === "string") {
    const info = await stat(source).catch(() => undefined);
    if (!info) throw new DataError(`data folder or file not found: ${source}`, [{ kind: "missing_file", file: source, message: `not found: ${source}` }]);
    files = info.isDirectory() ? (await readdir(source)).map((f) => join(source, f)) : [source];
  } else files = source;
  const candidates = new Map<TableName, TableSource[]>();
  const ignored: string[] = [];
  for (const file of files) {
    const format = formatOf(file);
    const table = tableOf(file, tableMap);
    if (!format || !table) {
      if (Array.isArray(source)) throw new ParameterError(`cannot tell which table ${file} holds: name it <table>.<csv|json|ndjson|parquet|arrow> (tables: ${TABLE_NAMES.join(", ")})`, { file });
      ignored.push(resolve(file));
      continue;
    }
    if (!candidates.has(table)) candidates.set(table, []);
    candidates.get(table)!.push({ table, file: resolve(file), format });
  }
  if (Array.isArray(source)) await Promise.all(files.map(requireFile));
  const sources: TableSource[] = [];
  for (const [, options] of candidates) {
    options.sort((a, b) => rank(a.format, preference) - rank(b.format, preference) || a.file.localeCompare(b.file));
    sources.push(options[0]);
    ignored.push(...options.slice(1).map((o) => o.file));
  }
  sources.sort((a, b) => TABLE_NAMES.indexOf(a.table) - TABLE_NAMES.indexOf(b.table));
  return { sources, ignored: ignored.sort() };
}

function rank(format: SourceFormat, preference: SourceFormat[]): number {
  const index = preference.indexOf(format);
  return index < 0 ? preference.length : index;
}

function requireFormat(file: string): SourceFormat {
  const format = formatOf(file);
  if (!format) throw new ParameterError(`unknown file type for ${file} (use ${Object.keys(EXTENSION_FORMATS).join(", ")})`, { file });
  return format;
}

async function requireFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new DataError(`file not found: ${file}`, [{ kind: "missing_file", file, message: `not found: ${file}` }]);
}
