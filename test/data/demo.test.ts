import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoDataset, writeDemoData, PLANTED_SIGNALS, SCHEMA, TABLE_NAMES, type Dataset } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";

/** Order-independent fingerprint of every table: row count plus a sum of row hashes. */
async function fingerprint(ds: Dataset): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLE_NAMES) {
    const t = await ds.query(`SELECT CAST(count(*) AS VARCHAR) || ':' || CAST(sum(hash(r)) AS VARCHAR) AS f FROM "${table}" r`);
    out[table] = String(t.get("f", 0));
  }
  return out;
}

describe("demo data", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await demoDataset({ customers: 20_000, seed: 42 });
  });
  afterAll(() => ds.close());

  it("fills every model table with every schema column, and nothing after the analysis date", async () => {
    expect(ds.tables.sort()).toEqual([...TABLE_NAMES].sort());
    for (const table of TABLE_NAMES) {
      for (const column of Object.keys(SCHEMA[table].columns)) expect(ds.hasColumn(table, column), `${table}.${column}`).toBe(true);
      const count = await ds.query(`SELECT count(*) AS n FROM "${table}"`);
      expect(count.get("n", 0), table).toBeGreaterThan(0);
      for (const [column, def] of Object.entries(SCHEMA[table].columns)) {
        if (!def.notAfterAsOf) continue;
        const late = await ds.query(`SELECT count(*) AS n FROM "${table}" WHERE "${column}" > DATE '2026-09-30'`);
        expect(late.get("n", 0), `${table}.${column}`).toBe(0);
      }
    }
    const customers = await ds.query("SELECT count(*) AS n, min(signup_date) AS first, max(signup_date) AS last FROM customers");
    expect(customers.objects()[0]).toMatchObject({ n: 20_000 });
    expect(customers.get("first", 0) >= "2024-01-01").toBe(true);
    // ~10 events per customer (the brief): accept 6..16
    const events = await ds.query("SELECT count(*) / 20000.0 AS per_customer FROM events");
    expect(events.get("per_customer", 0)).toBeGreaterThan(6);
    expect(events.get("per_customer", 0)).toBeLessThan(16);
  });

  it("plants the channel signal: email_newsletter and referral retain better at lower actual CAC than paid_search", async () => {
    const byChannel = await ds.query(`
      WITH spans AS (SELECT customer_id, min(order_date) AS first_order, max(order_date) AS last_order FROM orders GROUP BY 1),
           cac AS (SELECT customer_id, sum(cost) AS actual_cac FROM touches GROUP BY 1)
      SELECT acquisition_channel,
        avg(CASE WHEN last_order < DATE '2026-09-30' - 400 THEN 1.0 ELSE 0 END) FILTER (WHERE first_order < DATE '2025-06-30') AS churned_share,
        avg(actual_cac / planned_cac) AS cac_ratio
      FROM customers JOIN spans USING (customer_id) JOIN cac USING (customer_id) GROUP BY 1`);
    const row = (channel: string) => byChannel.objects().find((r) => r.acquisition_channel === channel) as { churned_share: number; cac_ratio: number };
    for (const good of PLANTED_SIGNALS.channels.better) {
      expect(row(good).churned_share).toBeLessThan(row("paid_search").churned_share);
      expect(row(good).cac_ratio).toBeLessThan(1);
    }
    expect(row("paid_search").cac_ratio).toBeGreaterThan(1);
  });

  it("plants promo churn, trial conversion, the stick point and ideal-customer attributes", async () => {
    // Promo buyers (monthly) stop after exactly the discounted payments far more often than others.
    const promo = await ds.query(`
      WITH f AS (SELECT customer_id, bool_or(promo_code IS NOT NULL) AS promo, count(*) AS n, bool_or(prepaid) AS prepaid, min(order_date) AS first_order FROM orders GROUP BY 1)
      SELECT promo, avg(CASE WHEN n = ${PLANTED_SIGNALS.promotions.discountedPayments} THEN 1.0 ELSE 0 END) AS stopped FROM f
      WHERE NOT prepaid AND first_order < DATE '2026-01-01' GROUP BY 1`);
    const stopped = Object.fromEntries(promo.objects().map((r) => [String(r.promo), r.stopped as number]));
    expect(stopped.true).toBeGreaterThan(0.3);
    expect(stopped.false).toBeLessThan(0.1);
    // Some trial users never buy (the conversion segment).
    const trials = await ds.query("SELECT avg(CASE WHEN customer_id IN (SELECT customer_id FROM orders) THEN 0.0 ELSE 1 END) AS never FROM trials");
    expect(trials.get("never", 0)).toBeGreaterThan(0.15);
    expect(trials.get("never", 0)).toBeLessThan(0.4);
    // NPS promoters (9-10): fintech and software well above retail.
    const nps = await ds.query("SELECT industry, avg(CASE WHEN score >= 9 THEN 1.0 ELSE 0 END) AS promoters FROM nps JOIN customers USING (customer_id) GROUP BY 1");
    const promoters = Object.fromEntries(nps.objects().map((r) => [r.industry as string, r.promoters as number]));
    for (const industry of PLANTED_SIGNALS.idealOverRepresented.industry!) expect(promoters[industry]).toBeGreaterThan(1.5 * promoters.retail);
    // Region carries no signal: promoter shares within 0.04 of each other.
    const regions = await ds.query("SELECT max(p) - min(p) AS spread FROM (SELECT region, avg(CASE WHEN score >= 9 THEN 1.0 ELSE 0 END) AS p FROM nps JOIN customers USING (customer_id) GROUP BY 1)");
    expect(regions.get("spread", 0)).toBeLessThan(0.04);
    // Referrals: several referrers brought 2 or more customers.
    const referrers = await ds.query("SELECT count(*) AS n FROM (SELECT referrer_id FROM referrals GROUP BY 1 HAVING count(*) >= 2)");
    expect(referrers.get("n", 0)).toBeGreaterThan(50);
  });

  it("is deterministic for a seed, independent of thread count, and differs across seeds", async () => {
    const a = await demoDataset({ customers: 3000, seed: 7, threads: 1 });
    const b = await demoDataset({ customers: 3000, seed: 7, threads: 2 });
    const c = await demoDataset({ customers: 3000, seed: 8 });
    try {
      const [fa, fb, fc] = [await fingerprint(a), await fingerprint(b), await fingerprint(c)];
      expect(fb).toEqual(fa);
      expect(fc.customers).not.toEqual(fa.customers);
      expect(fc.events).not.toEqual(fa.events);
    } finally {
      a.close();
      b.close();
      c.close();
    }
  });

  it("writes CSV and Parquet files per table and rejects bad options", async () => {
    const dir = await mkdtemp(join(tmpdir(), "icp-demo-"));
    try {
      const written = await writeDemoData(dir, { customers: 500, seed: 1, formats: ["csv", "parquet"] });
      expect((await readdir(dir)).sort()).toEqual(TABLE_NAMES.flatMap((t) => [`${t}.csv`, `${t}.parquet`]).sort());
      expect(written.rowCounts.customers).toBe(500);
      const header = (await readFile(join(dir, "customers.csv"), "utf8")).split("\n")[0];
      expect(header).toBe(Object.keys(SCHEMA.customers.columns).join(","));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(demoDataset({ customers: 0 })).rejects.toBeInstanceOf(ParameterError);
    await expect(demoDataset({ asOf: "30/09/2026" })).rejects.toBeInstanceOf(ParameterError);
  });
});
