import * as aq from "arquero";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import {
  REGISTERED_TRANSACTIONS_PREFIX,
  churnByPeriod,
  cohortRetention,
  rfmScores,
  rfmSummary,
  withTransactions,
} from "../../src/lifecycle/index.js";
import { TINY_ORDERS, tinyBusiness } from "./fixture.js";

/** The fixture's orders as an analyst's arquero table (ISO date strings, as read from a CSV). */
const ordersAsArquero = () => aq.from(TINY_ORDERS);

/** Tables left in the dataset's DuckDB by registered transactions (must stay empty). */
async function leftoverTables(ds: Dataset): Promise<unknown[]> {
  const rows = await ds.query(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '${REGISTERED_TRANSACTIONS_PREFIX}')`);
  return rows.array("table_name") as unknown[];
}

describe("transactions from an analyst's arquero table", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("rfmSummary gives the hand-computed summary, the same as the dataset's orders", async () => {
    const fromOrders = await rfmSummary(ds, { calibrationEnd: "2026-03-31" });
    const fromArquero = await rfmSummary(ds, { calibrationEnd: "2026-03-31", transactions: ordersAsArquero() });
    // a: 01-10, 02-10, 03-10 -> frequency 2, recency 31 + 28 = 59 days, T to 03-31 = 80, monetary (120 + 100)/2 = 110.
    // b: 01-25, 03-01 -> frequency 1, recency 6 + 28 + 1 = 35, T 6 + 28 + 31 = 65, monetary 20.
    // c: 02-05, 02-20, 03-15 -> frequency 2, recency 23 + 15 = 38, T 23 + 31 = 54, monetary (20 + 100)/2 = 60.
    for (const summary of [fromOrders, fromArquero]) {
      expect(summary.customerIds).toEqual(["a", "b", "c"]);
      expect(Array.from(summary.frequency)).toEqual([2, 1, 2]);
      expect(Array.from(summary.recency)).toEqual([59, 35, 38]);
      expect(Array.from(summary.T)).toEqual([80, 65, 54]);
      expect(Array.from(summary.monetaryValue)).toEqual([110, 20, 60]);
    }
    expect(await leftoverTables(ds)).toEqual([]);
  });

  it("reads renamed columns and JS Date values", async () => {
    const renamed = aq.table({
      buyer: TINY_ORDERS.map((o) => o.customer_id),
      day: TINY_ORDERS.map((o) => new Date(`${o.order_date}T00:00:00Z`)),
      value: TINY_ORDERS.map((o) => o.amount),
    });
    const summary = await rfmSummary(ds, { calibrationEnd: "2026-03-31", unit: "weeks", transactions: renamed, customer: "buyer", date: "day", monetary: "value" });
    // Same days as above, in weeks: a recency 59/7, T 80/7.
    expect(summary.customerIds).toEqual(["a", "b", "c"]);
    expect(summary.recency[0]).toBeCloseTo(59 / 7, 12);
    expect(summary.T[0]).toBeCloseTo(80 / 7, 12);
    expect(Array.from(summary.monetaryValue)).toEqual([110, 20, 60]);
  });

  it("uses the arquero rows, not the dataset's orders", async () => {
    // Only b's two orders: one customer, frequency 1, monetary 20.
    const onlyB = ordersAsArquero().filter((d: { customer_id: string }) => d.customer_id === "b");
    const summary = await rfmSummary(ds, { calibrationEnd: "2026-03-31", transactions: onlyB });
    expect(summary.customerIds).toEqual(["b"]);
    expect(Array.from(summary.frequency)).toEqual([1]);
    const matrix = (await cohortRetention(ds, { asOf: "2026-03-31", transactions: onlyB })).objects() as Record<string, unknown>[];
    // b starts 2026-01 (k0), no order in Feb (k1), orders in Mar (k2).
    expect(matrix.map((r) => [r.cohort, r.period_index, r.cohort_size, r.retained_customers])).toEqual([
      ["2026-01", 0, 1, 1],
      ["2026-01", 1, 1, 0],
      ["2026-01", 2, 1, 1],
    ]);
  });

  it("cohortRetention, churnByPeriod and rfmScores match the dataset's orders row for row", async () => {
    for (const cohortBy of ["acquisition", "acquisition_channel", "first_order_promo"]) {
      const fromOrders = (await cohortRetention(ds, { asOf: "2026-03-31", cohortBy })).objects();
      const fromArquero = (await cohortRetention(ds, { asOf: "2026-03-31", cohortBy, transactions: ordersAsArquero() })).objects();
      expect(fromOrders.length).toBeGreaterThan(0);
      expect(fromArquero).toEqual(fromOrders);
    }
    const churnOrders = (await churnByPeriod(ds, { asOf: "2026-03-31" })).objects();
    expect(churnOrders.length).toBeGreaterThan(0);
    expect((await churnByPeriod(ds, { asOf: "2026-03-31", transactions: ordersAsArquero() })).objects()).toEqual(churnOrders);
    const scoresOrders = (await rfmScores(ds, { asOf: "2026-03-31" })).objects();
    expect(scoresOrders.length).toBe(3);
    expect((await rfmScores(ds, { asOf: "2026-03-31", transactions: ordersAsArquero() })).objects()).toEqual(scoresOrders);
    expect(await leftoverTables(ds)).toEqual([]);
  });

  it("drops the registered table when the analysis fails", async () => {
    await expect(rfmSummary(ds, { calibrationEnd: "2026-03-31", transactions: ordersAsArquero(), customer: "no_such_column" })).rejects.toThrow();
    expect(await leftoverTables(ds)).toEqual([]);
  });

  it("withTransactions passes a table name through quoted", async () => {
    expect(await withTransactions(ds, "orders", async (relation) => relation)).toBe('"orders"');
  });
});
