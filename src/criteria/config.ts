/**
 * What an analyst passes to `evaluateCriteria`/`explain`, and its checked, resolved form: built-in
 * criteria with overrides (thresholds, on/off, weight, any/all), plus the analyst's own features
 * and criteria. Every bad name or value is a ParameterError that says what is allowed.
 */
import { ParameterError } from "../errors/index.js";
import { isIsoDate } from "../data/index.js";
import type { SqlType } from "../sql/index.js";
import { CRITERIA } from "./builtins.js";
import { FEATURES } from "./features.js";
import type { CohortDef, CriterionDef, FeatureDef, ParamDef, ParamValue } from "./types.js";

/** An analyst's own feature: an SQL expression over other features (checked, see compileExpression). */
export interface CustomFeature {
  type: SqlType;
  sql: string;
  description?: string;
}

/** An analyst's own criterion: cohorts with predicates over the feature table. */
export interface CustomCriterion {
  name: string;
  description?: string;
  cohorts: Record<string, CohortDef>;
  combine?: "any" | "all";
  enabled?: boolean;
  weight?: number;
}

/**
 * Options of a criteria evaluation. Defaults: `windowMonths` 12 (the observation window is the 12
 * months before `asOf`), `positiveRatingMin` 4, every criterion enabled with weight 1 and any-of.
 *
 * @example
 * const config: CriteriaConfig = {
 *   asOf: "2026-09-30",
 *   params: { fast_first_result: { max_days: 7 } },
 *   criteria: { brand_promotion: { enabled: false }, success_potential: { weight: 2 } },
 * };
 */
export interface CriteriaConfig {
  /** Analysis date, `YYYY-MM-DD` (UTC day). Nothing after it is read. */
  asOf: string;
  /** Observation window in months before `asOf`: buyers are customers with an order in it. Default 12. */
  windowMonths?: number;
  /** Lowest external review rating counted as positive. Default 4. */
  positiveRatingMin?: number;
  /** Threshold overrides per cohort id: `{ cohortId: { paramName: value } }`. */
  params?: Record<string, Record<string, ParamValue>>;
  /** Per-criterion overrides (built-in or custom ids). */
  criteria?: Record<string, { enabled?: boolean; weight?: number; combine?: "any" | "all" }>;
  /** Extra criteria defined by the analyst. */
  customCriteria?: Record<string, CustomCriterion>;
  /** Extra derived features (expressions over features), usable in cohorts and the portrait. */
  customFeatures?: Record<string, CustomFeature>;
}

/** A criterion ready to compile: its id and the parameter values of its cohorts. */
export interface ResolvedCriterion extends CriterionDef {
  id: string;
  builtIn: boolean;
  paramValues: Record<string, Record<string, ParamValue>>;
}

export interface ResolvedConfig {
  asOf: string;
  windowMonths: number;
  positiveRatingMin: number;
  features: Record<string, FeatureDef>;
  criteria: ResolvedCriterion[];
}

const NAME = /^[a-z][a-z0-9_]*$/;

function checkValue(where: string, def: ParamDef, value: ParamValue): ParamValue {
  const isNumber = def.type === "INTEGER" || def.type === "DOUBLE";
  if (isNumber) {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new ParameterError(`${where}: expected a number, got ${JSON.stringify(value)}`, { value });
    if (def.type === "INTEGER" && !Number.isInteger(value)) throw new ParameterError(`${where}: expected a whole number, got ${value}`, { value });
    if (def.min !== undefined && value < def.min) throw new ParameterError(`${where}: ${value} is below the minimum ${def.min}`, { value });
    if (def.max !== undefined && value > def.max) throw new ParameterError(`${where}: ${value} is above the maximum ${def.max}`, { value });
  } else if (def.type === "BOOLEAN" && typeof value !== "boolean") {
    throw new ParameterError(`${where}: expected true or false, got ${JSON.stringify(value)}`, { value });
  } else if ((def.type === "VARCHAR" || def.type === "DATE") && typeof value !== "string") {
    throw new ParameterError(`${where}: expected a string, got ${JSON.stringify(value)}`, { value });
  }
  return value;
}

/**
 * Check a config and merge it over the built-in registries.
 *
 * @example
 * resolveConfig({ asOf: "2026-09-30", params: { promoter: { min_score: 10 } } }).criteria[3].paramValues.promoter; // { min_score: 10 }
 */
export function resolveConfig(config: CriteriaConfig): ResolvedConfig {
  if (!isIsoDate(config.asOf ?? "")) {
    throw new ParameterError(`asOf: expected a date YYYY-MM-DD, got ${JSON.stringify(config.asOf)}`, { asOf: config.asOf });
  }
  const windowMonths = config.windowMonths ?? 12;
  if (!Number.isInteger(windowMonths) || windowMonths < 1) throw new ParameterError(`windowMonths: expected a whole number >= 1, got ${windowMonths}`);
  const positiveRatingMin = config.positiveRatingMin ?? 4;

  const features: Record<string, FeatureDef> = { ...FEATURES };
  for (const [name, custom] of Object.entries(config.customFeatures ?? {})) {
    if (!NAME.test(name)) throw new ParameterError(`customFeatures: "${name}" must be snake_case`);
    if (name in features) throw new ParameterError(`customFeatures: "${name}" is already a feature`);
    features[name] = { description: custom.description ?? "Analyst-defined feature.", type: custom.type, stage: "derived", sql: custom.sql, needs: [] };
  }

  const definitions: [string, CriterionDef, boolean][] = Object.entries(CRITERIA).map(([id, def]) => [id, def, true]);
  for (const [id, custom] of Object.entries(config.customCriteria ?? {})) {
    if (!NAME.test(id)) throw new ParameterError(`customCriteria: "${id}" must be snake_case`);
    if (id in CRITERIA) throw new ParameterError(`customCriteria: "${id}" is a built-in criterion; override it with criteria.${id}`);
    definitions.push([id, { name: custom.name, description: custom.description ?? "", cohorts: custom.cohorts, combine: custom.combine ?? "any", enabled: custom.enabled ?? true, weight: custom.weight ?? 1 }, false]);
  }

  const knownCriteria = new Set(definitions.map(([id]) => id));
  for (const id of Object.keys(config.criteria ?? {})) {
    if (!knownCriteria.has(id)) throw new ParameterError(`criteria: unknown criterion "${id}" (known: ${[...knownCriteria].join(", ")})`);
  }
  const cohortOwner = new Map<string, string>();
  for (const [id, def] of definitions) {
    for (const cohortId of Object.keys(def.cohorts)) {
      if (!NAME.test(cohortId)) throw new ParameterError(`criterion ${id}: cohort id "${cohortId}" must be snake_case`);
      if (cohortOwner.has(cohortId)) throw new ParameterError(`cohort id "${cohortId}" is used by both ${cohortOwner.get(cohortId)} and ${id}`);
      cohortOwner.set(cohortId, id);
    }
  }
  for (const [cohortId, values] of Object.entries(config.params ?? {})) {
    if (!cohortOwner.has(cohortId)) throw new ParameterError(`params: unknown cohort "${cohortId}" (known: ${[...cohortOwner.keys()].join(", ")})`);
    const owner = definitions.find(([id]) => id === cohortOwner.get(cohortId))![1];
    for (const name of Object.keys(values)) {
      if (!(name in owner.cohorts[cohortId].params)) {
        throw new ParameterError(`params.${cohortId}: unknown parameter "${name}" (known: ${Object.keys(owner.cohorts[cohortId].params).join(", ") || "none"})`);
      }
    }
  }

  const criteria = definitions.map(([id, def, builtIn]): ResolvedCriterion => {
    const override = config.criteria?.[id] ?? {};
    const weight = override.weight ?? def.weight;
    if (!Number.isFinite(weight) || weight < 0) throw new ParameterError(`criteria.${id}.weight: expected a number >= 0, got ${weight}`);
    const paramValues: ResolvedCriterion["paramValues"] = {};
    for (const [cohortId, cohort] of Object.entries(def.cohorts)) {
      paramValues[cohortId] = {};
      for (const [name, paramDef] of Object.entries(cohort.params)) {
        const given = config.params?.[cohortId]?.[name];
        paramValues[cohortId][name] = checkValue(`params.${cohortId}.${name}`, paramDef, given ?? paramDef.default);
      }
    }
    return { ...def, id, builtIn, enabled: override.enabled ?? def.enabled, weight, combine: override.combine ?? def.combine, paramValues };
  });
  return { asOf: config.asOf, windowMonths, positiveRatingMin, features, criteria };
}
