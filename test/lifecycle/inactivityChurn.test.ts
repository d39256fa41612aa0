import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/index.js";
import { ParameterError } from "../../src/errors/index.js";
import { inactivityChurn, newUserChurnBySignupDay } from "../../src/lifecycle/index.js";
import { tinyBusiness } from "./fixture.js";

describe("inactivity churn", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("flags customers whose last activity is older than the threshold", async () => {
    // asOf 2026-03-31. Last activity: a 2026-03-10 (order) -> 21 days; b 2026-03-01 -> 30 days;
    // c 2026-03-15 -> 16 days. Threshold 20: a and b churned; threshold 30: nobody (30 is not > 30).
    const rows = (await inactivityChurn(ds, { asOf: "2026-03-31", thresholdDays: 20 })).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.customer_id, r.days_inactive, r.churned])).toEqual([["a", 21, true], ["b", 30, true], ["c", 16, false]]);
    const loose = (await inactivityChurn(ds, { asOf: "2026-03-31", thresholdDays: 30 })).objects() as Record<string, unknown>[];
    expect(loose.filter((r) => r.churned).length).toBe(0);
    // Orders excluded: a's last event 2026-03-02 -> 29 days, b has no events -> signup 2026-01-20 -> 70 days.
    const eventsOnly = (await inactivityChurn(ds, { asOf: "2026-03-31", thresholdDays: 30, includeOrders: false })).objects() as Record<string, unknown>[];
    expect(eventsOnly.map((r) => r.days_inactive)).toEqual([29, 70, 53]);
  });

  it("computes new-user churn per signup day", async () => {
    // Threshold 20, asOf 2026-03-31: signups 01-05 (a, churned), 01-20 (b, churned), 02-03 (c, active).
    const rows = (await newUserChurnBySignupDay(ds, { asOf: "2026-03-31", thresholdDays: 20 })).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.signup_date, r.registered, r.churned, r.churn_rate])).toEqual([
      ["2026-01-05", 1, 1, 1],
      ["2026-01-20", 1, 1, 1],
      ["2026-02-03", 1, 0, 0],
    ]);
  });

  it("rejects a negative threshold", async () => {
    await expect(inactivityChurn(ds, { asOf: "2026-03-31", thresholdDays: -1 })).rejects.toThrow(ParameterError);
  });
});
