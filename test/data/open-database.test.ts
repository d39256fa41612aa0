import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/data/index.js";

async function tempDirectoryOf(options: Parameters<typeof openDatabase>[0]): Promise<string> {
  const { instance, connection } = await openDatabase(options);
  try {
    const reader = await connection.runAndReadAll("SELECT current_setting('temp_directory') AS dir");
    return String(reader.getRowObjects()[0].dir);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("openDatabase's spill folder", () => {
  it("spills an in-memory database under the system temp folder, one folder per process, not into ./.tmp", async () => {
    expect(await tempDirectoryOf({})).toBe(join(tmpdir(), `icp-lab-duckdb-${process.pid}`));
  });

  it("keeps DuckDB's <path>.tmp for a file database, and takes an explicit folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "icp-open-"));
    try {
      expect(await tempDirectoryOf({ path: join(dir, "data.duckdb") })).toBe(join(dir, "data.duckdb.tmp"));
      expect(await tempDirectoryOf({ tempDirectory: join(dir, "spill") })).toBe(join(dir, "spill"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
