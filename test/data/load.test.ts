import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset, demoDataset } from "../../src/data/index.js";
import { rowMapper } from "../../src/data/load-validate.js";
import { DataError } from "../../src/errors/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "data");

describe("rowMapper", () => {
  it("maps loaded positions back to file data rows around rejected rows", () => {
    // rejected data rows 3 and 4: loaded positions 0,1,2,3 are data rows 1,2,5,6
    const map = rowMapper([3, 4]);
    expect([0, 1, 2, 3].map(map)).toEqual([1, 2, 5, 6]);
    expect(rowMapper([])(9)).toBe(10);
  });
});

describe("loadDataset on the fixture folders", () => {
  it("loads the good folder with every table, row counts and date ranges, no problems", async () => {
    const ds = await loadDataset(join(fixtures, "good"), { asOf: "2026-09-30" });
    try {
      expect(ds.report.problemTotal).toBe(0);
      expect(ds.tables).toHaveLength(11);
      const customers = ds.report.tables.find((t) => t.table === "customers")!;
      // customers.csv has 61 lines: a header and 60 data rows
      expect(customers).toMatchObject({ rowsRead: 60, rows: 60, format: "csv", missingOptionalColumns: [] });
      expect(customers.dateRanges.signup_date.max! <= "2026-09-30").toBe(true);
      const orders = ds.report.tables.find((t) => t.table === "orders")!;
      expect(orders.rows).toBe(288);
      const types = await ds.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders' AND column_name IN ('order_date', 'amount', 'prepaid') ORDER BY column_name");
      expect(types.array("data_type")).toEqual(["DOUBLE", "DATE", "BOOLEAN"]);
    } finally {
      ds.close();
    }
  });

  it("strict: fails naming file, row 17, line 18, column and value, and every other bad row", async () => {
    const error = (await loadDataset(join(fixtures, "bad"), { asOf: "2026-09-30" }).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    const pick = (file: string, row: number) => error.problems.find((p) => p.file?.endsWith(file) && p.row === row);
    expect(pick("customers.csv", 17)).toMatchObject({ kind: "unparseable_value", column: "signup_date", value: "2025-02-30", line: 18 });
    expect(error.message).toContain('customers.csv row 17 (line 18), column "signup_date": "2025-02-30" is not a date YYYY-MM-DD');
    expect(pick("customers.csv", 5)).toMatchObject({ kind: "unparseable_value", column: "employees", value: "twelve" });
    expect(pick("customers.csv", 30)).toMatchObject({ kind: "duplicate_id", value: "C0000003" });
    expect(pick("customers.csv", 40)).toMatchObject({ kind: "out_of_range", column: "planned_cac" });
    expect(pick("customers.csv", 45)).toMatchObject({ kind: "after_as_of", value: "2027-01-15" });
    expect(pick("customers.csv", 50)).toMatchObject({ kind: "null_required", column: "customer_id" });
    expect(pick("orders.csv", 10)).toMatchObject({ kind: "unparseable_value", column: "amount", value: "12,50" });
    expect(pick("orders.csv", 20)).toMatchObject({ kind: "orphan_reference", value: "C9999999" });
    expect(pick("orders.csv", 25)).toMatchObject({ kind: "out_of_range", column: "amount" });
    // Customer C0000017 only had a bad date: its orders are not echoed as orphans in strict mode.
    expect(error.problems.some((p) => p.kind === "orphan_reference" && p.value === "C0000017")).toBe(false);
    expect((error.context as { problemCounts: Record<string, number> }).problemCounts).toMatchObject({ unparseable_value: 3, duplicate_id: 1, out_of_range: 2, after_as_of: 1, null_required: 1 });
  });

  it("lenient: drops exactly the bad rows and their orphans, and reports them", async () => {
    const ds = await loadDataset(join(fixtures, "bad"), { asOf: "2026-09-30", strict: false });
    try {
      // customers: rows 5, 17 (parse) and 30, 40, 45, 50 (checks) dropped: 60 - 6 = 54
      expect(ds.report.tables.find((t) => t.table === "customers")!.rows).toBe(54);
      const droppedCustomerRows = ds.report.dropped.filter((d) => d.table === "customers").flatMap((d) => d.dataRows).sort((a, b) => a - b);
      expect(droppedCustomerRows).toEqual([5, 17, 30, 40, 45, 50]);
      const orphans = await ds.query("SELECT count(*) AS n FROM orders WHERE customer_id NOT IN (SELECT customer_id FROM customers)");
      expect(orphans.get("n", 0)).toBe(0);
      const bad = await ds.query("SELECT count(*) AS n FROM orders WHERE amount < 0 OR customer_id = 'C9999999'");
      expect(bad.get("n", 0)).toBe(0);
      expect(ds.report.problemCounts.orphan_reference).toBeGreaterThan(0);
    } finally {
      ds.close();
    }
  });
});

describe("loadDataset formats, mapping and date formats", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "icp-load-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("maps their column names and parses dd/mm/yyyy dates", async () => {
    const folder = join(dir, "mapped");
    await rm(folder, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(folder));
    await writeFile(join(folder, "accounts.csv"), "id,joined,sector\nA1,03/02/2025,fintech\nA2,28/02/2025,retail\n");
    await writeFile(join(folder, "orders.csv"), "order_id,customer_id,order_date,amount\nO1,A1,05/02/2025,100.5\n");
    const ds = await loadDataset(folder, { tableMap: { accounts: "customers" }, columnMap: { customers: { id: "customer_id", joined: "signup_date", sector: "industry" } }, dateFormat: "%d/%m/%Y" });
    try {
      const rows = await ds.query("SELECT c.customer_id, c.signup_date, c.industry, o.order_date - c.signup_date AS days FROM customers c LEFT JOIN orders o USING (customer_id) ORDER BY 1");
      // 2025-02-05 - 2025-02-03 = 2 days
      expect(rows.objects()).toEqual([
        { customer_id: "A1", signup_date: "2025-02-03", industry: "fintech", days: 2 },
        { customer_id: "A2", signup_date: "2025-02-28", industry: "retail", days: null },
      ]);
      expect(ds.report.tables.find((t) => t.table === "customers")!.missingOptionalColumns).toContain("plan");
    } finally {
      ds.close();
    }
  });

  it("a file DuckDB cannot read is one unreadable_file problem naming the file", async () => {
    const file = join(dir, "orders.parquet");
    await writeFile(file, "not parquet");
    const error = (await loadDataset({ customers: join(fixtures, "good", "customers.csv"), orders: file }).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.problems).toEqual([expect.objectContaining({ kind: "unreadable_file", file, table: "orders" })]);
  });

  it("a missing required column fails even in lenient mode", async () => {
    const file = join(dir, "customers.csv");
    await writeFile(file, "customer_id,industry\nA1,fintech\n");
    const error = (await loadDataset({ customers: file, orders: join(fixtures, "good", "orders.csv") }, { strict: false }).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.problems[0]).toMatchObject({ kind: "missing_column", column: "signup_date" });
  });

  it("reads ';'-separated CSV with CRLF and quoted delimiters, and hints at the delimiter when it is wrong", async () => {
    const folder = join(dir, "semicolon");
    await import("node:fs/promises").then((fs) => fs.mkdir(folder, { recursive: true }));
    await writeFile(join(folder, "customers.csv"), 'customer_id;signup_date;company\r\nA1;2025-01-02;"Acme; Inc"\r\n');
    await writeFile(join(folder, "orders.csv"), "order_id;customer_id;order_date;amount\r\nO1;A1;2025-01-05;10.5\r\n");
    const ds = await loadDataset(folder, { delimiter: ";" });
    try {
      expect((await ds.query("SELECT customer_id, company FROM customers")).objects()).toEqual([{ customer_id: "A1", company: "Acme; Inc" }]);
    } finally {
      ds.close();
    }
    const error = (await loadDataset(folder).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.problems[0].message).toContain("is the delimiter ';'?");
  });

  it("reads NDJSON, JSON, Parquet and Arrow with the same validation", async () => {
    const demo = await demoDataset({ customers: 40, seed: 5 });
    const base = join(dir, "formats");
    await import("node:fs/promises").then((fs) => fs.mkdir(base, { recursive: true }));
    try {
      await demo.run(`COPY customers TO '${join(base, "customers.parquet")}' (FORMAT parquet)`);
      await demo.run(`COPY (SELECT * FROM orders) TO '${join(base, "orders.ndjson")}' (FORMAT json)`);
      await demo.run(`COPY (SELECT * FROM nps) TO '${join(base, "nps.json")}' (FORMAT json, ARRAY true)`);
      const touches = await demo.query("SELECT customer_id, touch_date, channel, cost FROM touches");
      await writeFile(join(base, "touches.arrow"), touches.toArrowIPC());
    } finally {
      demo.close();
    }
    const ds = await loadDataset(base, { asOf: "2026-09-30" });
    try {
      expect(ds.report.tables.map((t) => [t.table, t.format])).toEqual([["customers", "parquet"], ["orders", "ndjson"], ["touches", "arrow"], ["nps", "json"]]);
      expect(ds.report.problemTotal).toBe(0);
      const dateType = await ds.query("SELECT data_type FROM information_schema.columns WHERE table_name = 'touches' AND column_name = 'touch_date'");
      expect(dateType.get("data_type", 0)).toBe("DATE");
    } finally {
      ds.close();
    }
    // Break line 3 of the NDJSON (data row 3): an amount of "12,5" is not a number.
    const fs = await import("node:fs/promises");
    const lines = (await fs.readFile(join(base, "orders.ndjson"), "utf8")).split("\n");
    lines[2] = lines[2].replace(/"amount":[0-9.]+/, '"amount":"12,5"');
    await fs.writeFile(join(base, "orders.ndjson"), lines.join("\n"));
    const error = (await loadDataset(base, { asOf: "2026-09-30" }).catch((e: unknown) => e)) as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect(error.problems).toEqual([expect.objectContaining({ kind: "unparseable_value", row: 3, line: 3, column: "amount", value: "12,5" })]);
  });
});
