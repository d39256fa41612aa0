import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, type Dataset } from "../../src/data/index.js";
import { RFM_SEGMENTS, rfmScores, rfmSegmentSummary } from "../../src/lifecycle/index.js";
import { tinyBusiness } from "./fixture.js";

describe("rfmScores", () => {
  let ds: Dataset;
  beforeAll(async () => {
    ds = await tinyBusiness();
  });
  afterAll(() => ds.close());

  it("scores recency/frequency/monetary and names the 8 segments", async () => {
    // asOf 2026-03-31: a last 03-10 (21 d), 3 orders, 320; b 03-01 (30 d), 2 orders, 70; c 03-15 (16 d), 3 orders, 200.
    // Means: recency 67/3 = 22.33, frequency 8/3 = 2.67, monetary 590/3 = 196.67.
    // a: R high (21 < 22.33), F high, M high -> important_value; b: L L L -> general_lost; c: H H H -> important_value.
    // 3 bins: recency desc b(30)=1, a(21)=2, c(16)=3; frequency b=1, a=2, c=3 (tie broken by id); monetary b=1, c=2, a=3.
    const rows = (await rfmScores(ds, { asOf: "2026-03-31", bins: 3 })).objects() as Record<string, unknown>[];
    expect(rows.map((r) => [r.customer_id, r.recency_days, r.frequency, r.monetary])).toEqual([["a", 21, 3, 320], ["b", 30, 2, 70], ["c", 16, 3, 200]]);
    expect(rows.map((r) => r.segment)).toEqual(["important_value", "general_lost", "important_value"]);
    expect(rows.map((r) => r.rfm_cell)).toEqual([223, 111, 332]);
  });

  it("summarises segment sizes and value", async () => {
    const summary = rfmSegmentSummary(await rfmScores(ds, { asOf: "2026-03-31" })).objects() as Record<string, unknown>[];
    // important_value: a + c, 520 of 590; general_lost: b, 70.
    expect(summary.map((r) => [r.segment, r.customers, r.monetary])).toEqual([["important_value", 2, 520], ["general_lost", 1, 70]]);
    expect(summary[0].share).toBeCloseTo(2 / 3, 12);
    expect(summary[0].monetary_share).toBeCloseTo(520 / 590, 12);
  });

  it("names each of the 8 segments from its R, F, M high/low letters, and cells from the scores", async () => {
    // The demo business has customers in every segment; each row's segment must be the one keyed by
    // its own letters (H when r_high / f_high / m_high) and rfm_cell = 100 r + 10 f + m.
    const demo = await demoDataset({ customers: 2000, seed: 42 });
    try {
      const rows = (await rfmScores(demo, { asOf: "2026-09-30" })).objects() as Record<string, unknown>[];
      const letter = (high: unknown) => (high ? "H" : "L");
      for (const r of rows) {
        const key = (letter(r.r_high) + letter(r.f_high) + letter(r.m_high)) as keyof typeof RFM_SEGMENTS;
        expect(r.segment).toBe(RFM_SEGMENTS[key]);
        expect(r.rfm_cell).toBe((r.r_score as number) * 100 + (r.f_score as number) * 10 + (r.m_score as number));
      }
      expect(new Set(rows.map((r) => r.segment)).size).toBe(8);
    } finally {
      demo.close();
    }
  });
});
