import { describe, expect, it } from "vitest";
import { ParameterError } from "../../src/errors/index.js";
import { resolveParameters } from "../../src/report/template.js";
import { templateSpecSchema } from "../../src/report/template-spec.js";

const spec = templateSpecSchema.parse({
  name: "t",
  title: "T",
  notebook: "nb.ipynb",
  parameters: {
    quarter: { type: "quarter", default: "2026Q3", help: "period" },
    analysisDate: { type: "date", defaultFrom: "quarter.end", help: "as of" },
    idealScore: { type: "integer", default: 3, min: 1, max: 7, help: "k" },
    region: { type: "enum", values: ["ALL", "EMEA"], default: "ALL", help: "r" },
    dataDir: { type: "string", required: true, help: "data" },
  },
});

describe("resolveParameters", () => {
  it("types given values, fills defaults and derives the analysis date from the quarter", () => {
    expect(resolveParameters(spec, { quarter: "2026q2", idealScore: "4", dataDir: "d" })).toEqual({
      quarter: "2026Q2",
      analysisDate: "2026-06-30",
      idealScore: 4,
      region: "ALL",
      dataDir: "d",
    });
  });
  it("keeps an explicit analysis date over the derived one", () => {
    expect(resolveParameters(spec, { analysisDate: "2026-08-15", dataDir: "d" }).analysisDate).toBe("2026-08-15");
  });
  it("names unknown parameters and lists the known ones", () => {
    expect(() => resolveParameters(spec, { quater: "2026Q3", dataDir: "d" })).toThrow(/unknown parameter quater .*known: quarter, analysisDate/);
  });
  it("says what was expected for a bad value", () => {
    expect(() => resolveParameters(spec, { idealScore: "9", dataDir: "d" })).toThrow(/idealScore="9": expected a number <= 7/);
    expect(() => resolveParameters(spec, { analysisDate: "2026-02-30", dataDir: "d" })).toThrow(/expected a date YYYY-MM-DD/);
    expect(() => resolveParameters(spec, { region: "MARS", dataDir: "d" })).toThrow(ParameterError);
  });
  it("reports every bad value, unknown name and missing parameter at once", () => {
    let error: unknown;
    try {
      resolveParameters(spec, { quarter: "2026Q5", idealScore: "9", region: "MARS", foo: "1" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParameterError);
    const message = (error as ParameterError).message;
    for (const expected of [/quarter="2026Q5": expected a quarter/, /idealScore="9": expected a number <= 7/, /region="MARS": expected one of ALL, EMEA/, /unknown parameter foo/, /missing required parameter: dataDir/]) {
      expect(message).toMatch(expected);
    }
  });
  it("requires required parameters", () => {
    expect(() => resolveParameters(spec, {})).toThrow(/missing required parameter: dataDir/);
  });
});
