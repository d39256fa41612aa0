import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/data/index.js";
import { COHORT_PERIODS, periodIndexSql } from "../../src/lifecycle/index.js";

describe("periodIndexSql", () => {
  it("gives 2 months from 2026-01-31 to 2026-03-01 (calendar months, not 30-day steps)", async () => {
    // (2026·12 + 3) − (2026·12 + 1) = 2, although only 29 days apart.
    const { instance, connection } = await openDatabase();
    try {
      const sql = `SELECT ${periodIndexSql("month", "DATE '2026-03-01'")} - ${periodIndexSql("month", "DATE '2026-01-31'")} AS k`;
      expect(Number((await connection.runAndReadAll(sql)).getRows()[0][0])).toBe(2);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("index differences equal date_diff between the truncated periods for every period kind", async () => {
    // Start days 2023-12-01 + 0..399 against end days 2023-12-01 + 0, 3, ..., 1197 (ISO weeks
    // start on Monday, as date_trunc('week'); 2024-12-30 .. 2025-01-05 straddles a year end).
    const { instance, connection } = await openDatabase();
    try {
      for (const period of COHORT_PERIODS) {
        const index = (expr: string) => periodIndexSql(period, expr);
        const sql = `SELECT count(*) FILTER (WHERE ${index("d")} - ${index("s")} <> date_diff('${period}', date_trunc('${period}', s), date_trunc('${period}', d))) AS mismatches, count(*) AS pairs
          FROM (SELECT DATE '2023-12-01' + CAST(i AS INTEGER) AS s FROM range(400) a(i)),
               (SELECT DATE '2023-12-01' + CAST(j AS INTEGER) AS d FROM range(0, 1200, 3) b(j))`;
        const [mismatches, pairs] = (await connection.runAndReadAll(sql)).getRows()[0].map(Number);
        expect(pairs).toBe(400 * 400);
        expect(mismatches, period).toBe(0);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
