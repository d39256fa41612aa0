import { describe, expect, it } from "vitest";
import { compileExpression, DUCKDB_DIALECT } from "../../src/sql/index.js";
import { ParameterError } from "../../src/errors/index.js";

const options = { columns: ["latest_nps", "promo_used", "revenue"], params: { min: "c__min" }, paramTypes: { min: "INTEGER" as const }, dialect: DUCKDB_DIALECT, context: "cohort c" };

describe("compileExpression", () => {
  it("quotes known columns and binds declared parameters", () => {
    expect(compileExpression("latest_nps >= $min AND NOT promo_used", options)).toEqual({
      sql: '"latest_nps" >= CAST($c__min AS INTEGER) AND NOT "promo_used"',
      columnsUsed: ["latest_nps", "promo_used"],
    });
    expect(compileExpression("coalesce(revenue, 0) > 10.5 OR revenue IS NULL", options).sql).toBe('COALESCE ( "revenue" , 0 ) > 10.5 OR "revenue" IS NULL');
  });

  it("refuses what could escape the expression", () => {
    for (const bad of ["revenue > 1; DROP TABLE orders", "revenue > 1 -- comment", "\"orders\".amount > 1", "revenue > (SELECT max(amount) FROM orders)", "t.revenue > 1", "revenue::INTEGER > 1", "revenue > $other", "(revenue > 1", "revenue > 1)", ""]) {
      expect(() => compileExpression(bad, options), bad).toThrow(ParameterError);
    }
  });

  it("keeps string literals as values", () => {
    expect(compileExpression("lower('A''b') = 'a''b'", options).sql).toBe("LOWER ( 'A''b' ) = 'a''b'");
  });
});

describe("DUCKDB_DIALECT", () => {
  it("writes dates, parameters and temp tables", () => {
    const d = DUCKDB_DIALECT;
    expect(d.param("as_of", "DATE")).toBe("CAST($as_of AS DATE)");
    expect(() => d.param("x; DROP", "DATE")).toThrow(TypeError);
    expect(d.daysBetween("a", "b")).toBe("date_diff('day', a, b)");
    expect(d.quoteIdent('we"ird')).toBe('"we""ird"');
    expect(d.createTempTableAs("t", "SELECT 1")).toBe('CREATE OR REPLACE TEMP TABLE "t" AS\nSELECT 1');
  });
});
