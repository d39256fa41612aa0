import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset, openDatabase } from "../../src/data/index.js";
import { columnRanges, countOrphans, countRowConditions, hasDuplicateIds, type OrphanReference } from "../../src/data/load-check-counts.js";

// Each shortcut (column statistics, sorted ids, runs of equal keys) must give the same answer as
// the plain count; the cases put the problem where a shortcut would miss it if it were wrong.
describe("load check counts", () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  const noParams = () => undefined;
  const run = (sql: string) => connection.run(sql);

  beforeAll(async () => {
    ({ instance, connection } = await openDatabase({ threads: 2 }));
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it("counts row conditions exactly, a lone bad value in the last of several row groups included", async () => {
    // 300,000 rows = 3 row groups of 122,880; the only negative amount is row 299,990.
    await run("CREATE OR REPLACE TABLE t AS SELECT i, CASE WHEN i = 299990 THEN -1.0 ELSE i * 1.0 END AS amount, CASE WHEN i % 100000 = 7 THEN NULL ELSE 'x' END AS label FROM range(300000) r(i)");
    expect(await countRowConditions(connection, "t", ["o.amount < 0", "o.label IS NULL", "o.i > 1000000"], noParams)).toEqual([1, 3, 0]);
    expect(await countRowConditions(connection, "t", ["o.i > $limit"], () => ({ limit: "299997" }))).toEqual([2]);
    expect(await countRowConditions(connection, "t", [], noParams)).toEqual([]);
  });

  it("reports column ranges as ISO text", async () => {
    await run("CREATE OR REPLACE TABLE d AS SELECT DATE '2025-01-01' + CAST(i AS INTEGER) AS day, CAST(NULL AS DATE) AS never FROM range(40) r(i)");
    expect(await columnRanges(connection, "d", ["day", "never"])).toEqual({ day: { min: "2025-01-01", max: "2025-02-09" }, never: { min: null, max: null } });
  });

  it("finds duplicate ids whether the ids are sorted, reversed or shuffled", async () => {
    const ids = async (sql: string, pk = ["id"]) => {
      await run(`CREATE OR REPLACE TABLE k AS ${sql}`);
      return hasDuplicateIds(connection, "k", pk);
    };
    const padded = "'K' || lpad(CAST(i AS VARCHAR), 7, '0')";
    expect(await ids(`SELECT ${padded} AS id FROM range(200000) r(i)`)).toBe(false);
    expect(await ids(`SELECT ${padded} AS id FROM range(200000) r(i) ORDER BY i DESC`)).toBe(false);
    expect(await ids(`SELECT ${padded} AS id FROM range(200000) r(i) ORDER BY hash(i)`)).toBe(false);
    // sorted, one id repeated next to itself (not strictly increasing)
    expect(await ids(`SELECT ${padded} AS id FROM range(200000) r(i) UNION ALL SELECT 'K0150000' ORDER BY id`)).toBe(true);
    // sorted except for one early id repeated at the very end
    expect(await ids(`(SELECT ${padded} AS id FROM range(200000) r(i) ORDER BY i) UNION ALL SELECT 'K0000001'`)).toBe(true);
    // shuffled with one duplicate
    expect(await ids(`SELECT ${padded} AS id FROM (SELECT i FROM range(200000) r(i) UNION ALL SELECT 77) ORDER BY hash(i)`)).toBe(true);
    // NULL ids are not duplicates of each other
    expect(await ids(`SELECT CASE WHEN i % 1000 = 0 THEN NULL ELSE ${padded} END AS id FROM range(200000) r(i)`)).toBe(false);
    // a two-column key: (a, b) pairs distinct although a alone repeats
    expect(await ids("SELECT i // 2 AS a, i % 2 AS b FROM range(1000) r(i)", ["a", "b"])).toBe(false);
    expect(await ids("SELECT i // 2 AS a, 0 AS b FROM range(1000) r(i)", ["a", "b"])).toBe(true);
  });

  it("counts orphan rows exactly, for several children of one parent in one pass", async () => {
    await run("CREATE OR REPLACE TABLE parent AS SELECT 'P' || i AS id, i % 10 = 3 AS retired FROM range(1000) r(i)");
    await run("CREATE OR REPLACE TEMP TABLE rejected (id VARCHAR)");
    await run("INSERT INTO rejected VALUES ('P5000')");
    // grouped child: runs of equal keys; the orphan 'X' sits inside the run of P7 (P7 P7 X X P7 ...)
    await run("CREATE OR REPLACE TABLE grouped AS SELECT CASE WHEN i IN (703, 704) THEN 'X' ELSE 'P' || (i // 100) END AS pid FROM range(100000) r(i)");
    // shuffled child with a NULL key (never an orphan), a rejected id and two orphan values
    await run("CREATE OR REPLACE TABLE shuffled AS SELECT * FROM (SELECT 'P' || (i % 1000) AS pid FROM range(50000) r(i) UNION ALL VALUES (NULL), ('P5000'), ('Y1'), ('Y2'), ('Y2')) ORDER BY hash(pid)");
    const everyParent: Omit<OrphanReference, "column"> = { parent: "parent", parentColumn: "id", parentUsable: "true", rejectedIds: "rejected" };
    const checks = [
      { table: "grouped", reference: { column: "pid", ...everyParent } },
      { table: "shuffled", reference: { column: "pid", ...everyParent } },
      { table: "shuffled", reference: { column: "pid", ...everyParent, rejectedIds: undefined } },
      // parents that are not usable do not count: keys P3, P13, ... P993 (100 keys, 50 rows each) become orphans
      { table: "shuffled", reference: { column: "pid", ...everyParent, parentUsable: "NOT p.retired" } },
    ];
    expect(await countOrphans(connection, checks, noParams)).toEqual([2, 3, 4, 3 + 100 * 50]);
    await run("CREATE OR REPLACE TABLE clean AS SELECT 'P' || (i // 7) AS pid FROM range(7000) r(i)");
    expect(await countOrphans(connection, [{ table: "clean", reference: { column: "pid", ...everyParent } }], noParams)).toEqual([0]);
  });
});

describe("lenient loading and empty optional values", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "icp-lenient-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps the orders of a customer whose optional number is empty (not a bad parent row)", async () => {
    // employees is optional with min 0: an empty value makes `employees < 0` NULL, which is not a failed check.
    await writeFile(join(dir, "customers.csv"), "customer_id,signup_date,employees\nA1,2025-01-02,\nA2,2025-01-03,5\nA3,2025-01-04,-2\n");
    await writeFile(join(dir, "orders.csv"), "order_id,customer_id,order_date,amount\nO1,A1,2025-01-05,10.5\nO2,A2,2025-01-06,3\nO3,A3,2025-01-07,4\n");
    const ds = await loadDataset(dir, { strict: false });
    try {
      // A3 (employees -2) is dropped and so is its order O3; A1 and its order O1 stay.
      expect((await ds.query("SELECT order_id FROM orders ORDER BY 1")).array("order_id")).toEqual(["O1", "O2"]);
      expect(ds.report.dropped.map((d) => [d.table, d.dataRows])).toEqual([["customers", [3]], ["orders", [3]]]);
      expect(ds.report.problemCounts).toEqual({ out_of_range: 1, orphan_reference: 1 });
    } finally {
      ds.close();
    }
  });
});
