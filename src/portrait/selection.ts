/**
 * Which buyers form the "ideal" (or role-model, or high-value) group, as a boolean SQL expression
 * over the evaluation table. Declarative, so it can be shown, stored and passed from a CLI flag.
 */
import { ParameterError } from "../errors/index.js";
import type { CriteriaEvaluation } from "../criteria/index.js";
import { compileExpression, DUCKDB_DIALECT } from "../sql/index.js";

/**
 * - `{ minScore }`: ideal_score >= minScore (default: two thirds of the largest possible score, rounded up);
 * - `{ criteria, combine }`: all (default) or any of the named criteria met;
 * - `{ cohort }`: members of one cohort;
 * - `{ topFraction, feature }`: the top fraction of buyers by a numeric feature (e.g. top 20% by revenue);
 * - `{ sql }`: a checked SQL expression over the evaluation table's columns.
 */
export type GroupSelection =
  | { minScore: number }
  | { criteria: string[]; combine?: "all" | "any" }
  | { cohort: string }
  | { topFraction: number; feature: string }
  | { sql: string };

/**
 * Default ideal group: ideal_score >= ceil(2/3 · maxScore) — 5 of the 7 criteria with unit weights.
 * (Half would make most buyers "ideal" on typical data; the portrait needs a distinct group.)
 */
export function defaultIdealSelection(evaluation: CriteriaEvaluation): GroupSelection {
  return { minScore: Math.ceil((evaluation.compiled.maxScore * 2) / 3 - 1e-9) };
}

/** Default role-model / high-value group: the top 20% of buyers by revenue. */
export const TOP_REVENUE: GroupSelection = { topFraction: 0.2, feature: "revenue" };

/** A compiled selection: SQL boolean expression over the evaluation table plus its bound values. */
export interface CompiledSelection {
  sql: string;
  params: Record<string, number | string | boolean>;
  /** Human-readable description ("ideal_score >= 4"). */
  label: string;
}

/**
 * Compile a selection to SQL over the evaluation table (`FROM <tableName>`).
 *
 * @example
 * compileSelection(evaluation, { criteria: ["success_potential", "purchasing_power"] }).sql;
 * // ("criterion_success_potential" IS TRUE AND "criterion_purchasing_power" IS TRUE)
 */
export function compileSelection(evaluation: CriteriaEvaluation, selection: GroupSelection, prefix = "sel"): CompiledSelection {
  const q = DUCKDB_DIALECT.quoteIdent;
  const { compiled } = evaluation;
  if ("minScore" in selection) {
    if (!Number.isFinite(selection.minScore)) throw new ParameterError(`minScore: expected a number, got ${selection.minScore}`);
    return { sql: `(${q(compiled.scoreColumn)} >= ${DUCKDB_DIALECT.param(`${prefix}_min_score`, "DOUBLE")})`, params: { [`${prefix}_min_score`]: selection.minScore }, label: `ideal score >= ${selection.minScore}` };
  }
  if ("criteria" in selection) {
    const columns = selection.criteria.map((id) => {
      const criterion = compiled.criteria.find((c) => c.id === id);
      if (!criterion) throw new ParameterError(`unknown or disabled criterion "${id}" (enabled: ${compiled.criteria.map((c) => c.id).join(", ")})`);
      if (!criterion.evaluable) throw new ParameterError(`criterion "${id}" is not evaluable: needs ${criterion.missing.join(", ")}`);
      return `${q(criterion.column)} IS TRUE`;
    });
    if (!columns.length) throw new ParameterError("criteria: name at least one criterion");
    const joiner = selection.combine === "any" ? " OR " : " AND ";
    return { sql: `(${columns.join(joiner)})`, params: {}, label: selection.criteria.join(selection.combine === "any" ? " or " : " and ") };
  }
  if ("cohort" in selection) {
    const cohort = compiled.cohorts.find((c) => c.id === selection.cohort);
    if (!cohort) throw new ParameterError(`unknown cohort "${selection.cohort}" (known: ${compiled.cohorts.map((c) => c.id).join(", ")})`);
    if (!cohort.evaluable) throw new ParameterError(`cohort "${selection.cohort}" is not evaluable: needs ${cohort.missing.join(", ")}`);
    return { sql: `(${q(cohort.column)} IS TRUE)`, params: {}, label: cohort.name };
  }
  if ("topFraction" in selection) {
    const feature = compiled.features.find((f) => f.name === selection.feature);
    if (!feature || !feature.evaluable || !["DOUBLE", "INTEGER"].includes(feature.type)) throw new ParameterError(`topFraction: "${selection.feature}" is not an evaluable numeric feature`);
    if (!(selection.topFraction > 0 && selection.topFraction < 1)) throw new ParameterError(`topFraction: expected a number in (0, 1), got ${selection.topFraction}`);
    const threshold = `(SELECT quantile_cont(${q(feature.name)}, 1 - ${DUCKDB_DIALECT.param(`${prefix}_top_fraction`, "DOUBLE")}) FROM ${q(evaluation.tableName)})`;
    return { sql: `(${q(feature.name)} >= ${threshold})`, params: { [`${prefix}_top_fraction`]: selection.topFraction }, label: `top ${Math.round(selection.topFraction * 100)}% by ${feature.name}` };
  }
  const columns = [...compiled.features.map((f) => f.name), ...compiled.cohorts.map((c) => c.column), ...compiled.criteria.map((c) => c.column), compiled.scoreColumn];
  const expression = compileExpression(selection.sql, { columns, params: {}, paramTypes: {}, dialect: DUCKDB_DIALECT, context: "selection" });
  return { sql: `coalesce(${expression.sql}, false)`, params: {}, label: selection.sql };
}
