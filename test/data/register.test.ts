import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { datasetFromRows, registerArquero } from "../../src/data/index.js";
import { DataError } from "../../src/errors/index.js";

describe("registerArquero", () => {
  it("creates a typed table usable in SQL joins, with model types for model tables", async () => {
    const ds = await datasetFromRows({ customers: [{ customer_id: "c1", signup_date: "2025-01-03" }, { customer_id: "c2", signup_date: "2025-02-01" }] });
    try {
      const health = aq.table({ customer_id: ["c1", "c2"], health: [0.9, 0.2], active: [true, false], seen: [new Date(Date.UTC(2025, 0, 5)), null] });
      const registered = await registerArquero(ds, "health_scores", health);
      expect(registered).toEqual({ table: "health_scores", rows: 2, columnTypes: { customer_id: "VARCHAR", health: "DOUBLE", active: "BOOLEAN", seen: "DATE" } });
      // c1: signed up 2025-01-03, seen 2025-01-05 -> 2 days.
      const joined = await ds.query("SELECT c.customer_id, h.health, h.seen - c.signup_date AS days FROM customers c JOIN health_scores h USING (customer_id) ORDER BY 1");
      expect(joined.objects()).toEqual([
        { customer_id: "c1", health: 0.9, days: 2 },
        { customer_id: "c2", health: 0.2, days: null },
      ]);
      // Not a model table: the dataset's model columns are unchanged.
      expect(ds.tables).toEqual(["customers"]);

      // A model table gets schema types (order_date DATE from ISO strings) and becomes known.
      const orders = aq.table({ order_id: ["o1", "o2"], customer_id: ["c1", "c1"], order_date: ["2025-01-10", "2025-02-10"], amount: [100, 50] });
      await registerArquero(ds, "orders", orders);
      expect(ds.hasColumn("orders", "order_date")).toBe(true);
      const types = await ds.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' ORDER BY column_name");
      expect(types.objects()).toEqual([
        { column_name: "amount", data_type: "DOUBLE" },
        { column_name: "customer_id", data_type: "VARCHAR" },
        { column_name: "order_date", data_type: "DATE" },
        { column_name: "order_id", data_type: "VARCHAR" },
      ]);
      // 2025-02-10 - 2025-01-10 = 31 days.
      const span = await ds.query("SELECT max(order_date) - min(order_date) AS days, sum(amount) AS total FROM orders");
      expect(span.objects()).toEqual([{ days: 31, total: 150 }]);
    } finally {
      ds.close();
    }
  });

  it("appends across chunk boundaries (5,000 rows = 2,048 + 2,048 + 904)", async () => {
    const ds = await datasetFromRows({});
    try {
      const n = 5000;
      const big = aq.table({ i: Array.from({ length: n }, (_, k) => k) });
      await registerArquero(ds, "numbers", big, { columnTypes: { i: "INTEGER" } });
      // sum 0..4999 = 4999 * 5000 / 2 = 12,497,500
      const result = await ds.query("SELECT count(*) AS n, sum(i) AS total FROM numbers");
      expect(result.objects()).toEqual([{ n: 5000, total: 12_497_500 }]);
    } finally {
      ds.close();
    }
  });

  it("rejects values that do not fit the column type, naming row, column and value", async () => {
    const ds = await datasetFromRows({});
    try {
      const bad = aq.table({ order_id: ["o1", "o2", "o3"], customer_id: ["c1", "c1", "c1"], order_date: ["2025-01-10", "10/01/2025", "2025-02-30"], amount: [1, 2, 3] });
      const error = await registerArquero(ds, "orders", bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      const problems = (error as DataError).problems;
      expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
        [2, "order_date", "10/01/2025"],
        [3, "order_date", "2025-02-30"],
      ]);
      expect(ds.hasTable("orders")).toBe(false);
    } finally {
      ds.close();
    }
  });
});
