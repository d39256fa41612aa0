/**
 * Customer lifetime value: the simple retention formula and the probabilistic BG/NBD + Gamma-Gamma
 * CLV, and profit = CLV − CAC − COC (DOMAIN.md §4).
 */
import * as aq from "arquero";
import { ParameterError } from "../errors/index.js";
import type { Table } from "../data/index.js";
import type { BgNbdParameters } from "./bgnbd.js";
import { bgNbdConditionalExpectedPurchases, bgNbdProbabilityAlive } from "./bgnbdPredict.js";
import {
  expectedAverageSpend,
  expectedSpendDefined,
  gammaGammaUndefinedMeanAdvice,
  type GammaGammaParameters,
  type SpendFallback,
} from "./gammaGamma.js";
import type { RfmSummary } from "./rfmSummaryTypes.js";

/**
 * Simple CLV = margin × ARPU / churn (per-period ARPU and churn rate; a geometric lifetime of
 * 1 / churn periods).
 *
 * @example
 * simpleClv({ marginRate: 0.8, arpuPerPeriod: 50, churnRatePerPeriod: 0.05 }); // 0.8 * 50 / 0.05 = 800
 */
export function simpleClv(input: { marginRate: number; arpuPerPeriod: number; churnRatePerPeriod: number }): number {
  if (!(input.churnRatePerPeriod > 0 && input.churnRatePerPeriod <= 1)) throw new ParameterError("churnRatePerPeriod must be in (0, 1]", input);
  return (input.marginRate * input.arpuPerPeriod) / input.churnRatePerPeriod;
}

export interface PredictClvOptions {
  /** Number of steps in the horizon (e.g. 12 months); default 12. */
  horizonSteps?: number;
  /** Length of one step in the summary's unit (e.g. 30 days, or 30/7 weeks); default 30 days in the summary unit. */
  stepLength?: number;
  /** Discount rate per step (e.g. 0.01 per month); default 0.01. */
  discountRatePerStep?: number;
  /** Profit margin applied to spend; default 1 (revenue CLV). */
  marginRate?: number;
  /**
   * Where the Gamma-Gamma expected spend is undefined (p x + q <= 1, a fit with q <= 1): default
   * none, and predictClv throws a ParameterError naming how many customers are affected and what to
   * do. `"observed-mean"`: those customers get their own mean repeat spend, or (no repeat purchase)
   * the mean monetary value of the summary's repeat buyers; the `spend_source` column says which.
   */
  spendFallback?: SpendFallback;
}

/**
 * Per customer of the summary: expected_purchases over the horizon, p_alive, expected_spend (Gamma-
 * Gamma eq. 5) and clv = Σ_i margin × spend × (E[Y(i·step)] − E[Y((i−1)·step)]) / (1 + d)^i (the
 * discounted CLV of Fader, Hardie & Lee 2005b, as lifetimes computes it). `spend_source` says
 * where expected_spend came from: gamma_gamma, or (only with `spendFallback: "observed-mean"`)
 * observed_customer_mean / observed_population_mean.
 *
 * @example
 * const predictions = predictClv(summary, fitBgNbd(summary), fitGammaGamma(summary), { horizonSteps: 12 });
 */
export function predictClv(summary: RfmSummary, bgNbd: BgNbdParameters, gammaGamma: GammaGammaParameters, options: PredictClvOptions = {}): Table {
  const steps = options.horizonSteps ?? 12;
  const stepLength = options.stepLength ?? (summary.unit === "weeks" ? 30 / 7 : 30);
  const discount = options.discountRatePerStep ?? 0.01;
  const margin = options.marginRate ?? 1;
  if (!(Number.isInteger(steps) && steps > 0 && stepLength > 0 && discount > -1)) {
    throw new ParameterError("predictClv: horizonSteps > 0, stepLength > 0, discountRatePerStep > -1", { steps, stepLength, discount });
  }
  const n = summary.frequency.length;
  let undefinedSpend = 0;
  for (let i = 0; i < n; i++) if (!expectedSpendDefined(gammaGamma, summary.frequency[i])) undefinedSpend++;
  if (undefinedSpend > 0 && options.spendFallback !== "observed-mean") {
    throw new ParameterError(`predictClv: no expected spend for ${undefinedSpend} of ${n} customers. ${gammaGammaUndefinedMeanAdvice(gammaGamma.q)}`, {
      q: gammaGamma.q,
      customers: undefinedSpend,
    });
  }
  // Observed mean of repeat buyers' spend: the fallback for customers without repeat purchases.
  let repeatSpendSum = 0;
  let repeatBuyers = 0;
  for (let i = 0; i < n; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) {
      repeatSpendSum += summary.monetaryValue[i];
      repeatBuyers++;
    }
  }
  const spendOptions = { spendFallback: options.spendFallback, populationMeanSpend: repeatBuyers > 0 ? repeatSpendSum / repeatBuyers : undefined };
  const spendSource: string[] = new Array(n);
  const expectedPurchases = new Float64Array(n);
  const pAlive = new Float64Array(n);
  const spend = new Float64Array(n);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = summary.frequency[i];
    const tx = summary.recency[i];
    const T = summary.T[i];
    spend[i] = expectedAverageSpend(gammaGamma, x, summary.monetaryValue[i], spendOptions);
    spendSource[i] = expectedSpendDefined(gammaGamma, x) ? "gamma_gamma" : x > 0 && summary.monetaryValue[i] > 0 ? "observed_customer_mean" : "observed_population_mean";
    pAlive[i] = bgNbdProbabilityAlive(bgNbd, x, tx, T);
    let previous = 0;
    let value = 0;
    for (let step = 1; step <= steps; step++) {
      const cumulative = bgNbdConditionalExpectedPurchases(bgNbd, step * stepLength, x, tx, T);
      value += (margin * spend[i] * (cumulative - previous)) / Math.pow(1 + discount, step);
      previous = cumulative;
    }
    expectedPurchases[i] = previous;
    clv[i] = value;
  }
  return aq.table({
    customer_id: summary.customerIds.length === n ? summary.customerIds : Array.from({ length: n }, (_, i) => String(i)),
    frequency: summary.frequency,
    recency: summary.recency,
    T: summary.T,
    monetary_value: summary.monetaryValue,
    expected_purchases: expectedPurchases,
    p_alive: pAlive,
    expected_spend: spend,
    spend_source: spendSource,
    clv,
  });
}

export interface ProfitOptions {
  /** Column of `costs` with the acquisition cost; default `"cac"`. */
  cacColumn?: string;
  /** Column of `costs` with the cost of serving/operating the customer over the horizon; default `"coc"` (0 if absent). */
  cocColumn?: string;
  /** Column of `costs` to group by (e.g. "acquisition_channel", "segment"); default none (per customer only). */
  groupBy?: string;
}

/**
 * Profit = CLV − CAC − COC per customer, and per group when `groupBy` is given. `clvTable` has
 * customer_id and clv (from `predictClv`); `costs` has customer_id, the cost columns and the group
 * column (e.g. from a SQL query over customers and touches). Customers missing from `costs` get 0 cost.
 *
 * @example
 * const costs = await ds.query("SELECT customer_id, acquisition_channel, planned_cac AS cac, 20.0 AS coc FROM customers");
 * const { perCustomer, perGroup } = customerProfit(predictions, costs, { groupBy: "acquisition_channel" });
 */
export function customerProfit(clvTable: Table, costs: Table, options: ProfitOptions = {}): { perCustomer: Table; perGroup?: Table } {
  const cac = options.cacColumn ?? "cac";
  const coc = options.cocColumn ?? "coc";
  const names = costs.columnNames();
  if (!names.includes("customer_id") || !names.includes(cac)) {
    throw new ParameterError(`customerProfit: costs needs customer_id and '${cac}' columns`, { columns: names });
  }
  const group = options.groupBy;
  if (group && !names.includes(group)) throw new ParameterError(`customerProfit: costs has no '${group}' column`, { groupBy: group });
  // arquero expressions cannot take column names as parameters: rename to fixed names first.
  const hasCoc = names.includes(coc);
  const picked = costs
    .select(["customer_id", cac, ...(hasCoc ? [coc] : []), ...(group ? [group] : [])])
    .rename({ [cac]: "cac_cost", ...(hasCoc ? { [coc]: "coc_cost" } : {}) });
  const withCosts = clvTable.select("customer_id", "clv").join_left(picked, "customer_id");
  const perCustomer = (hasCoc ? withCosts : withCosts.derive({ coc_cost: () => 0 }))
    .derive({
      cac_cost: (d: { cac_cost: number | null }) => (d.cac_cost === null || d.cac_cost === undefined ? 0 : d.cac_cost),
      coc_cost: (d: { coc_cost: number | null }) => (d.coc_cost === null || d.coc_cost === undefined ? 0 : d.coc_cost),
    })
    .derive({ profit: (d: { clv: number; cac_cost: number; coc_cost: number }) => d.clv - d.cac_cost - d.coc_cost })
    .select(["customer_id", ...(group ? [group] : []), "clv", "cac_cost", "coc_cost", "profit"]);
  if (!group) return { perCustomer };
  const perGroup = perCustomer
    .groupby(group)
    .rollup({
      customers: aq.op.count(),
      clv: aq.op.sum("clv"),
      cac: aq.op.sum("cac_cost"),
      coc: aq.op.sum("coc_cost"),
      profit: aq.op.sum("profit"),
      avg_clv: aq.op.mean("clv"),
      avg_profit: aq.op.mean("profit"),
    })
    .orderby(aq.desc("avg_profit"));
  return { perCustomer, perGroup };
}
