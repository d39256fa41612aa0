import { describe, expect, it } from "vitest";
import { datasetFromRows, restrictCustomers, snapshotAsOf } from "../../src/data/index.js";

const fixture = () =>
  datasetFromRows({
    customers: [
      { customer_id: "a", signup_date: "2026-01-10", region: "EMEA" },
      { customer_id: "b", signup_date: "2026-05-01", region: "APAC" },
      { customer_id: "c", signup_date: "2026-08-01", region: "EMEA" }, // signs up after 2026-06-30
    ],
    orders: [
      { order_id: "o1", customer_id: "a", order_date: "2026-02-01", amount: 10 },
      { order_id: "o2", customer_id: "a", order_date: "2026-07-01", amount: 10 }, // after 2026-06-30
      { order_id: "o3", customer_id: "b", order_date: "2026-06-30", amount: 20 }, // on the day: kept
      { order_id: "o4", customer_id: "c", order_date: "2026-08-02", amount: 30 },
    ],
    referrals: [
      { referrer_id: "a", referred_id: "c", referral_date: "2026-06-01" }, // c goes, so this goes
      { referrer_id: "a", referred_id: "b", referral_date: "2026-04-01" },
    ],
  });

describe("snapshotAsOf", () => {
  it("drops rows dated after the analysis date and everything of customers who did not exist yet", async () => {
    const ds = await fixture();
    try {
      // customers: c (signup after); orders: o2 and o4 (dated after); referrals: a->c (orphan once c is gone)
      expect(await snapshotAsOf(ds, "2026-06-30")).toEqual({ customers: 1, orders: 2, referrals: 1 });
      expect((await ds.query("SELECT order_id FROM orders ORDER BY 1")).array("order_id")).toEqual(["o1", "o3"]);
      expect((await ds.query("SELECT referred_id FROM referrals")).array("referred_id")).toEqual(["b"]);
    } finally {
      ds.close();
    }
  });
  it("rejects a malformed date", async () => {
    const ds = await fixture();
    try {
      await expect(snapshotAsOf(ds, "30/06/2026")).rejects.toThrow(/expected a date YYYY-MM-DD/);
    } finally {
      ds.close();
    }
  });
});

describe("restrictCustomers", () => {
  it("keeps one region's customers and their rows in every table", async () => {
    const ds = await fixture();
    try {
      // b (APAC) goes with o3 and the referral a->b
      expect(await restrictCustomers(ds, { region: "EMEA" })).toEqual({ customers: 1, orders: 1, referrals: 1 });
      expect((await ds.query("SELECT customer_id FROM customers ORDER BY 1")).array("customer_id")).toEqual(["a", "c"]);
    } finally {
      ds.close();
    }
  });
  it("names a column the customers do not have", async () => {
    const ds = await fixture();
    try {
      await expect(restrictCustomers(ds, { plan: "pro" })).rejects.toThrow(/'plan' is not a column of this dataset's customers \(present: .*region/);
    } finally {
      ds.close();
    }
  });
});
