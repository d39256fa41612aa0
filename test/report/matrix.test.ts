import { describe, expect, it } from "vitest";
import { combinationSlug, expandMatrix, parseMatrixAxis } from "../../src/report/matrix.js";

describe("matrix expansion", () => {
  it("is the cartesian product of the axes, first axis slowest", () => {
    const combos = expandMatrix([parseMatrixAxis("region=EMEA,APAC"), parseMatrixAxis("plan=pro,enterprise")]);
    // 2 regions x 2 plans = 4 runs
    expect(combos).toEqual([
      { region: "EMEA", plan: "pro" },
      { region: "EMEA", plan: "enterprise" },
      { region: "APAC", plan: "pro" },
      { region: "APAC", plan: "enterprise" },
    ]);
    expect(combinationSlug(combos[1])).toBe("region-EMEA_plan-enterprise");
  });
  it("rejects malformed axes", () => {
    expect(() => parseMatrixAxis("region")).toThrow(/name=value1,value2/);
    expect(() => parseMatrixAxis("region=EMEA,EMEA")).toThrow(/repeated/);
    expect(() => expandMatrix([parseMatrixAxis("a=1"), parseMatrixAxis("a=2")])).toThrow(/twice/);
  });
});
