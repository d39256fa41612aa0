import { describe, expect, it } from "vitest";
import { datasetFromRows } from "../../src/data/index.js";

describe("datasetFromRows", () => {
  it("creates typed model tables and returns query results as arquero tables", async () => {
    const ds = await datasetFromRows({
      customers: [
        { customer_id: "c1", signup_date: "2025-01-03", employees: 10 },
        { customer_id: "c2", signup_date: "2025-02-03", employees: null },
      ],
      orders: [],
    });
    try {
      expect(ds.tables.sort()).toEqual(["customers", "orders"]);
      expect(ds.hasColumn("orders", "amount")).toBe(true);
      expect(ds.hasColumn("customers", "industry")).toBe(false);
      const table = await ds.query("SELECT customer_id, signup_date + 1 AS next_day, count(*) OVER () AS n FROM customers ORDER BY customer_id");
      expect(table.objects()).toEqual([
        { customer_id: "c1", next_day: "2025-01-04", n: 2 },
        { customer_id: "c2", next_day: "2025-02-04", n: 2 },
      ]);
      const bound = await ds.query("SELECT count(*) AS n FROM customers WHERE employees > $min", { min: 5 });
      expect(bound.get("n", 0)).toBe(1);
    } finally {
      ds.close();
    }
  });
});
