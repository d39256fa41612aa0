/**
 * The reproducibility manifest written next to every report: template, parameters, the data files
 * (sha256, bytes, rows), icp-lab's version, timings and outputs. With it a report can be re-run on the
 * same inputs and checked to give the same numbers.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

export interface DataFileEntry {
  /** Path relative to the data folder. */
  file: string;
  sha256: string;
  bytes: number;
  /** Data rows (header not counted); null for files that are not tables. */
  rows: number | null;
}

export interface ReportManifest {
  icpLabVersion: string;
  template: { name: string; dir: string; specSha256: string };
  parameters: Record<string, string | number | boolean>;
  data: Record<string, DataFileEntry[]>;
  startedAt: string;
  finishedAt: string;
  timingsSeconds: Record<string, number>;
  outputs: Record<string, string>;
  /** The headline numbers the notebook published (results.json), for quarter-over-quarter deltas. */
  results?: unknown;
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const TABLE_READERS: Record<string, string> = {
  ".csv": "read_csv",
  ".parquet": "read_parquet",
  ".json": "read_json_auto",
  ".ndjson": "read_json_auto",
};

/** Hash and count every file of a data folder (tables counted with DuckDB's readers). */
export async function describeDataFolder(dir: string): Promise<DataFileEntry[]> {
  const files = (await readdir(dir, { recursive: true })).map(String).sort();
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const entries: DataFileEntry[] = [];
    for (const file of files) {
      const path = join(dir, file);
      const info = await stat(path);
      if (!info.isFile()) continue;
      const reader = TABLE_READERS[extname(file).toLowerCase()];
      let rows: number | null = null;
      if (reader) {
        // The path is a value, but table functions take no parameters for it here: quote it as a literal.
        const literal = `'${path.replaceAll("'", "''")}'`;
        const result = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${reader}(${literal})`);
        rows = Number(result.getRowsJS()[0][0]);
      }
      entries.push({ file: relative(dir, path), sha256: await sha256File(path), bytes: info.size, rows });
    }
    return entries;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
