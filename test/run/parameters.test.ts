import { describe, expect, it } from "vitest";
import { ParameterError } from "../../src/errors/index.js";
import {
  injectedParametersSource,
  insertInjectedParametersCell,
  parsePythonParameters,
  parseTypeScriptParameters,
  validateNotebookParameters,
  type IpynbNotebook,
} from "../../src/run/index.js";

const TS_CELL = [
  "// touches before purchase",
  "const minTouches: number = 3;",
  'const region: "EMEA" | "AMER" | "APAC" = "EMEA"; // sales region',
  'const analysisDate = "2026-09-30";',
  "let includeTrials = true;",
  'const label: string = "q3";',
  "const weights: number[] = [1, 2];",
].join("\n");

describe("parameters cell parsing", () => {
  it("reads TypeScript declarations with their declared or inferred types", () => {
    const parameters = parseTypeScriptParameters(TS_CELL);
    expect(parameters.map((p) => [p.name, p.type, p.keyword, p.defaultValue])).toEqual([
      ["minTouches", { kind: "number" }, "const", 3],
      ["region", { kind: "union", values: ["EMEA", "AMER", "APAC"] }, "const", "EMEA"],
      ["analysisDate", { kind: "date" }, "const", "2026-09-30"],
      ["includeTrials", { kind: "boolean" }, "let", true],
      ["label", { kind: "string" }, "const", "q3"],
      ["weights", { kind: "other" }, "const", [1, 2]],
    ]);
    expect(parameters[0].description).toBe("touches before purchase");
    expect(parameters[1].description).toBe("sales region");
  });

  it("reads Python assignments, annotations and Literal unions", () => {
    const parameters = parsePythonParameters('from typing import Literal\nn: int = -2  # count\nregion: Literal["EMEA", "AMER"] = "AMER"\nday = "2026-09-30"\nflag = False\n');
    expect(parameters.map((p) => [p.name, p.type.kind, p.defaultValue])).toEqual([
      ["n", "number", -2],
      ["region", "union", "AMER"],
      ["day", "date", "2026-09-30"],
      ["flag", "boolean", false],
    ]);
    expect(parameters[0].description).toBe("count");
  });
});

describe("parameter validation", () => {
  const declared = parseTypeScriptParameters(TS_CELL);
  it("converts -p strings to the declared types", () => {
    const values = validateNotebookParameters(declared, { minTouches: "5", includeTrials: "false", region: "APAC", analysisDate: "2026-06-30" }, { hasParametersCell: true });
    expect(values).toEqual({ minTouches: 5, includeTrials: false, region: "APAC", analysisDate: "2026-06-30" });
  });

  it("reports every unknown name and bad value at once", () => {
    const attempt = () => validateNotebookParameters(declared, { minTouches: "many", region: "MARS", analysisDate: "2026-02-30", nope: 1 }, { hasParametersCell: true });
    expect(attempt).toThrow(ParameterError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ParameterError).context.problems as string[];
      expect(problems).toHaveLength(4);
      expect(problems.join("\n")).toMatch(/'minTouches' expects a number/);
      expect(problems.join("\n")).toMatch(/'region' expects one of "EMEA" \| "AMER" \| "APAC"/);
      // 2026 is not a leap year: February 30 does not exist.
      expect(problems.join("\n")).toMatch(/'analysisDate' expects a date YYYY-MM-DD/);
      expect(problems.join("\n")).toMatch(/unknown parameter 'nope'/);
    }
  });

  it("passes values through when there is no parameters cell (papermill injects them at the top)", () => {
    expect(validateNotebookParameters([], { anything: "x" }, { hasParametersCell: false })).toEqual({ anything: "x" });
  });
});

describe("injection", () => {
  const declared = parseTypeScriptParameters(TS_CELL);
  it("redeclares TypeScript parameters with their declared (or widened) type", () => {
    const source = injectedParametersSource({ minTouches: 5, region: "AMER", analysisDate: "2026-06-30", includeTrials: false }, declared, "typescript");
    expect(source).toBe(
      [
        "// Parameters injected by icp run",
        "const minTouches: number = 5;",
        'const region: "EMEA" | "AMER" | "APAC" = "AMER";',
        'const analysisDate: string = "2026-06-30";',
        "let includeTrials: boolean = false;",
        "",
      ].join("\n"),
    );
  });

  it("writes Python literals", () => {
    expect(injectedParametersSource({ n: 2, flag: true, none: null, xs: [1, "a"] }, [], "python")).toBe('# Parameters injected by icp run\nn = 2\nflag = True\nnone = None\nxs = [1, "a"]\n');
  });

  it("puts the cell right after the parameters cell, replacing an earlier injected one", () => {
    const code = (source: string, tags: string[] = []) => ({ cell_type: "code" as const, source, metadata: { tags }, outputs: [], execution_count: null });
    const notebook: IpynbNotebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [code("a"), code("x = 1", ["parameters"]), code("x = 0", ["injected-parameters"]), code("b")],
    };
    const index = insertInjectedParametersCell(notebook, "x = 2\n");
    expect(index).toBe(2);
    expect(notebook.cells.map((cell) => cell.source)).toEqual(["a", "x = 1", ["x = 2\n"], "b"]);
    expect(notebook.cells[2].metadata.tags).toEqual(["injected-parameters"]);
  });
});
