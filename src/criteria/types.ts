/**
 * The vocabulary of the criteria engine (../shared/DOMAIN.md §2):
 * - a **feature** is a named, typed SQL expression over the data model, computed per buyer, with
 *   the tables/columns it needs;
 * - a **cohort** is a predicate over features with named, typed parameters;
 * - a **criterion** groups cohorts (any-of by default), with an enable flag and a weight.
 * Everything here is data (no closures), so it can be listed, documented, overridden and compiled
 * to SQL for any dialect.
 */
import type { TableName } from "../data/index.js";
import type { SqlType } from "../sql/index.js";

/** Where a feature is computed. See features.ts for the SQL each stage runs in. */
export type FeatureStage =
  /** an aggregate over the buyer's orders (alias `t`), up to the analysis date */
  | "orders"
  /** a row expression over the customer row (`c`) and the buyer's order facts (`o`) */
  | "customer"
  /** an aggregate over another model table (alias `t`), joined to the buyer's order facts (`o`) */
  | "table"
  /** an expression over other features (by name), evaluated after them */
  | "derived";

/** A table/column a feature needs; when absent the feature is NULL and says why. */
export interface Requirement {
  table: TableName;
  column?: string;
}

export interface FeatureDef {
  description: string;
  type: SqlType;
  stage: FeatureStage;
  /** For stage "table": the model table aggregated, and the column linking rows to a customer. */
  table?: TableName;
  key?: string;
  /** For stage "table": the table's date column, rows after the analysis date are ignored. */
  dateColumn?: string;
  /** SQL text. Aggregates use `t.` (source rows) and `o.first_order_date` (inside aggregates, or as `any_value(o.first_order_date)`: sources group by the buyer only); `{as_of}`,
   * `{window_start}` and `{positive_rating_min}` are replaced by the bound global parameters, `{order_facts}` by the
   * per-customer order facts of everyone who paid up to `{as_of}` (columns customer_id, first_order_date, last_order_date, ...). */
  sql: string;
  /** Value when the buyer has no rows in the table (e.g. 0 for counts); else NULL. */
  whenNoRows?: string;
  needs: Requirement[];
}

export type ComparisonOp = "<" | "<=" | ">" | ">=" | "=" | "<>";

/** A declarative predicate over features. `param` names one of the cohort's parameters. */
export type Predicate =
  | { feature: string; op: ComparisonOp; param: string }
  | { feature: string; op: "is_true" | "is_false" | "is_null" | "not_null" }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  /** An SQL expression over feature names and `$param`s, checked against the feature list. */
  | { sql: string };

export type ParamValue = number | string | boolean;

export interface ParamDef {
  type: SqlType;
  default: ParamValue;
  description: string;
  min?: number;
  max?: number;
}

export interface CohortDef {
  name: string;
  description: string;
  params: Record<string, ParamDef>;
  predicate: Predicate;
}

export interface CriterionDef {
  name: string;
  description: string;
  /** Cohorts by id (ids are unique across all criteria: they become column names). */
  cohorts: Record<string, CohortDef>;
  /** How cohorts combine into the criterion flag; default "any". */
  combine: "any" | "all";
  enabled: boolean;
  weight: number;
}

/** The seven built-in criteria (DOMAIN.md §2). */
export type CriterionId =
  | "purchase_readiness"
  | "voluntary_decision"
  | "purchasing_power"
  | "success_potential"
  | "marketing_effectiveness"
  | "expansion_potential"
  | "brand_promotion";
