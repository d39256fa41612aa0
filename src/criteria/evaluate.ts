/**
 * One call from a loaded dataset + analysis date to the per-buyer criteria table, kept in DuckDB
 * (a temp table), with small arquero summaries on demand: coverage per cohort/criterion, the
 * UpSet-style overlap of criteria, a sample of buyers.
 */
import * as aq from "arquero";
import type { Dataset, Table } from "../data/index.js";
import { DUCKDB_DIALECT, type SqlDialect } from "../sql/index.js";
import { compileCriteria, FULL_MODEL, type CompiledCriteria, type DataAvailability } from "./compile.js";
import { resolveConfig, type CriteriaConfig } from "./config.js";

/** Result of `explain`: the SQL an analyst can run elsewhere, and the values to bind. */
export interface CriteriaExplanation {
  dialect: string;
  sql: string;
  params: CompiledCriteria["params"];
  notEvaluable: { kind: "cohort" | "criterion"; id: string; missing: string[] }[];
}

/**
 * The SQL a criteria config compiles to, with its parameter values. Without a dataset the full
 * data model is assumed (for running on a company warehouse by hand).
 *
 * @example
 * const { sql, params } = explain({ asOf: "2026-09-30", params: { promoter: { min_score: 10 } } });
 * // sql: "CREATE OR REPLACE TEMP TABLE "icp_criteria" AS WITH order_facts AS ( ..."; params.promoter__min_score === 10
 */
export function explain(config: CriteriaConfig, data: DataAvailability = FULL_MODEL, options: { tableName?: string; dialect?: SqlDialect } = {}): CriteriaExplanation {
  const dialect = options.dialect ?? DUCKDB_DIALECT;
  const compiled = compileCriteria(resolveConfig(config), data, dialect);
  return {
    dialect: compiled.dialect,
    sql: dialect.createTempTableAs(options.tableName ?? "icp_criteria", compiled.select),
    params: compiled.params,
    notEvaluable: [
      ...compiled.cohorts.filter((c) => !c.evaluable).map((c) => ({ kind: "cohort" as const, id: c.id, missing: c.missing })),
      ...compiled.criteria.filter((c) => !c.evaluable).map((c) => ({ kind: "criterion" as const, id: c.id, missing: c.missing })),
    ],
  };
}

const notEvaluableText = (missing: string[]): string => (missing.length ? `not evaluable: needs ${missing.join(", ")}` : "");

/** The per-buyer criteria table in DuckDB plus summaries as arquero tables. */
export class CriteriaEvaluation {
  /** Number of buyers (rows of the table). */
  readonly customers: number;

  constructor(
    readonly dataset: Dataset,
    /** Name of the DuckDB temp table holding features, cohort/criterion flags and `ideal_score`. */
    readonly tableName: string,
    readonly compiled: CompiledCriteria,
    readonly asOf: string,
    customers: number,
  ) {
    this.customers = customers;
  }

  /**
   * How many buyers meet each criterion and cohort: kind, id, criterion, name, customers, share,
   * evaluable, note ("not evaluable: needs table X / column Y").
   */
  async coverage(): Promise<Table> {
    const q = DUCKDB_DIALECT.quoteIdent;
    const columns = [...this.compiled.criteria.map((c) => c.column), ...this.compiled.cohorts.map((c) => c.column)];
    const counts = columns.length
      ? (await this.dataset.query(`SELECT ${columns.map((c, i) => `CAST(count(*) FILTER (WHERE ${q(c)}) AS INTEGER) AS n${i}`).join(", ")} FROM ${q(this.tableName)}`)).objects()[0] as Record<string, number>
      : {};
    const share = (n: number): number => (this.customers ? n / this.customers : 0);
    const rows = [
      ...this.compiled.criteria.map((c, i) => ({ kind: "criterion", id: c.id, criterion: c.id, name: c.name, customers: c.evaluable ? counts[`n${i}`] : null, share: c.evaluable ? share(counts[`n${i}`]) : null, evaluable: c.evaluable, note: notEvaluableText(c.missing) })),
      ...this.compiled.cohorts.map((c, j) => {
        const n = counts[`n${this.compiled.criteria.length + j}`];
        return { kind: "cohort", id: c.id, criterion: c.criterion, name: c.name, customers: c.evaluable ? n : null, share: c.evaluable ? share(n) : null, evaluable: c.evaluable, note: notEvaluableText(c.missing) };
      }),
    ];
    return aq.from(rows);
  }

  /**
   * UpSet-style overlap of the evaluable criteria: one row per combination of criteria met
   * (exclusive intersections), with `criteria` (ids joined by " & ", "(none)" for none), `degree`,
   * `customers` and `share`, largest first.
   */
  async overlap(): Promise<Table> {
    const q = DUCKDB_DIALECT.quoteIdent;
    const usable = this.compiled.criteria.filter((c) => c.evaluable);
    if (!usable.length) return aq.from([]);
    const groups = await this.dataset.query(
      `SELECT ${usable.map((c, i) => `coalesce(${q(c.column)}, false) AS f${i}`).join(", ")}, CAST(count(*) AS INTEGER) AS customers FROM ${q(this.tableName)} GROUP BY ALL`,
    );
    const rows = (groups.objects() as Record<string, boolean | number>[]).map((g) => {
      const members = usable.filter((_, i) => g[`f${i}`]).map((c) => c.id);
      const customers = g.customers as number;
      return { criteria: members.length ? members.join(" & ") : "(none)", degree: members.length, customers, share: this.customers ? customers / this.customers : 0 };
    });
    rows.sort((a, b) => b.customers - a.customers || a.criteria.localeCompare(b.criteria));
    return aq.from(rows);
  }

  /** A deterministic sample of `size` buyers (all columns), by a hash of the customer id. */
  async sample(size = 20): Promise<Table> {
    return this.dataset.query(`SELECT * FROM ${DUCKDB_DIALECT.quoteIdent(this.tableName)} ORDER BY hash(customer_id), customer_id LIMIT ${Math.max(0, Math.floor(size))}`);
  }

  /** Cohorts and criteria that could not be evaluated, with what they need. */
  get notEvaluable(): CriteriaExplanation["notEvaluable"] {
    return [
      ...this.compiled.cohorts.filter((c) => !c.evaluable).map((c) => ({ kind: "cohort" as const, id: c.id, missing: c.missing })),
      ...this.compiled.criteria.filter((c) => !c.evaluable).map((c) => ({ kind: "criterion" as const, id: c.id, missing: c.missing })),
    ];
  }
}

export interface EvaluateOptions {
  /** DuckDB temp table to create (replaced if it exists). Default "icp_criteria". */
  tableName?: string;
}

/**
 * Evaluate the criteria for a dataset: build the per-buyer table in DuckDB and return a handle.
 *
 * @example
 * const evaluation = await evaluateCriteria(dataset, { asOf: "2026-09-30" });
 * (await evaluation.coverage()).print();
 */
export async function evaluateCriteria(dataset: Dataset, config: CriteriaConfig, options: EvaluateOptions = {}): Promise<CriteriaEvaluation> {
  const tableName = options.tableName ?? "icp_criteria";
  const compiled = compileCriteria(resolveConfig(config), dataset, DUCKDB_DIALECT);
  await dataset.run(DUCKDB_DIALECT.createTempTableAs(tableName, compiled.select), compiled.params);
  const count = (await dataset.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${DUCKDB_DIALECT.quoteIdent(tableName)}`)).get("n", 0) as number;
  return new CriteriaEvaluation(dataset, tableName, compiled, config.asOf, count);
}
