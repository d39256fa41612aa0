import { describe, expect, it } from "vitest";
import { formatQuarter, parseQuarter, previousQuarter, quarterEnd, quarterStart } from "../../src/report/quarter.js";

describe("quarters", () => {
  it("knows each quarter's first and last day, leap years included", () => {
    expect(quarterStart(parseQuarter("2026Q3"))).toBe("2026-07-01");
    expect(quarterEnd(parseQuarter("2026Q3"))).toBe("2026-09-30");
    expect(quarterEnd(parseQuarter("2024q1"))).toBe("2024-03-31");
    expect(quarterEnd(parseQuarter("2026-Q4"))).toBe("2026-12-31");
    expect(quarterEnd(parseQuarter("2026Q2"))).toBe("2026-06-30");
  });
  it("steps back across a year boundary", () => {
    expect(formatQuarter(previousQuarter(parseQuarter("2026Q1")))).toBe("2025Q4");
    expect(formatQuarter(previousQuarter(parseQuarter("2026Q3")))).toBe("2026Q2");
  });
  it("rejects what is not a quarter", () => {
    expect(() => parseQuarter("2026Q5")).toThrow(/YYYYQn/);
    expect(() => parseQuarter("Q3 2026")).toThrow(/YYYYQn/);
  });
});
