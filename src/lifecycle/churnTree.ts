/**
 * The churn decision tree (DOMAIN.md §4 "churn probability model"): a CART tree (gini, depth and
 * leaf-size limits) over the per-account feature table at a past snapshot, evaluated on a later
 * snapshot: AUC, precision/recall at a threshold, and calibration of each leaf's probability
 * (train probability vs churn rate of the test accounts that land in that leaf).
 */
import * as aq from "arquero";
import { ParameterError } from "../errors/index.js";
import type { Dataset, Table } from "../data/index.js";
import { fitClassificationTree, predictTreeProbability, rocAuc, treeRules, type TreeNode, type TreeRule } from "../stats/index.js";
import { CHURN_NUMERIC_FEATURES, churnFeatures } from "./churnFeatures.js";
import { checkIsoDate } from "./periods.js";
import type { ColumnArrays } from "./sqlArrays.js";

export interface ChurnTreeOptions {
  /** Training snapshot `YYYY-MM-DD` (features up to it, label in the following horizon). Required. */
  trainSnapshot: string;
  /** Evaluation snapshot; must be >= trainSnapshot + horizonDays (no label leakage). Required. */
  testSnapshot: string;
  /** Label horizon in days; default 30. */
  horizonDays?: number;
  /** Accounts in scope were active this many days before the snapshot; default 90. */
  lookbackDays?: number;
  /** Tree depth limit; default 3. */
  maxDepth?: number;
  /** Minimum accounts per leaf; default 30. */
  minLeafSize?: number;
  /** Churn predicted when the leaf probability >= this; default 0.5. */
  threshold?: number;
}

export interface ChurnTreeResult {
  tree: TreeNode;
  featureNames: string[];
  /** One if-then rule per leaf with its churn probability and support (training accounts). */
  rules: TreeRule[];
  train: { accounts: number; churnRate: number; auc: number };
  test: { accounts: number; churnRate: number; auc: number; precision: number; recall: number; threshold: number };
  /** Per leaf: rule text, train probability and support, test accounts and observed churn rate. */
  calibration: Table;
}

/** Feature matrix (column-major) with plan one-hot columns for the given plans. */
function featureColumns(arrays: ColumnArrays, plans: string[]): Float64Array[] {
  const numeric = CHURN_NUMERIC_FEATURES.map((name) => arrays.numbers[name]);
  const oneHot = plans.map((plan) => Float64Array.from(arrays.strings.plan, (p) => (p === plan ? 1 : 0)));
  return [...numeric, ...oneHot];
}

function leafIndex(tree: TreeNode, row: number[]): TreeNode {
  let node = tree;
  while (node.split) node = row[node.split.feature] <= node.split.threshold ? node.split.left : node.split.right;
  return node;
}

/**
 * Train the churn tree at `trainSnapshot`, evaluate it at `testSnapshot`.
 *
 * @example
 * const result = await churnTreeBacktest(ds, { trainSnapshot: "2026-06-30", testSnapshot: "2026-08-31", horizonDays: 30 });
 * result.rules.map((r) => r.text); // ["if profile_completeness <= 0.45 and seats <= 2.5 then churn 80% (n = 412)", ...]
 */
export async function churnTreeBacktest(dataset: Dataset, options: ChurnTreeOptions): Promise<ChurnTreeResult> {
  const trainSnapshot = checkIsoDate(options.trainSnapshot, "trainSnapshot");
  const testSnapshot = checkIsoDate(options.testSnapshot, "testSnapshot");
  const horizonDays = options.horizonDays ?? 30;
  const threshold = options.threshold ?? 0.5;
  const gapDays = (Date.parse(testSnapshot) - Date.parse(trainSnapshot)) / 86_400_000;
  if (gapDays < horizonDays) {
    throw new ParameterError("testSnapshot must be at least horizonDays after trainSnapshot (the training labels would leak)", {
      trainSnapshot,
      testSnapshot,
      horizonDays,
    });
  }
  const common = { horizonDays, lookbackDays: options.lookbackDays ?? 90 };
  const train = await churnFeatures(dataset, { snapshot: trainSnapshot, ...common });
  const test = await churnFeatures(dataset, { snapshot: testSnapshot, ...common });
  if (train.rowCount === 0 || test.rowCount === 0) throw new ParameterError("no active accounts at a snapshot", { train: train.rowCount, test: test.rowCount });
  const plans = [...new Set(train.strings.plan)].sort();
  const featureNames = [...CHURN_NUMERIC_FEATURES, ...plans.map((p) => `plan_is_${p}`)];
  const trainColumns = featureColumns(train, plans);
  const testColumns = featureColumns(test, plans);
  const trainLabels = train.numbers.churned;
  const testLabels = test.numbers.churned;
  const tree = fitClassificationTree(trainColumns, trainLabels, { maxDepth: options.maxDepth ?? 3, minLeafSize: options.minLeafSize ?? 30 });
  const rowOf = (columns: Float64Array[], i: number) => columns.map((c) => c[i]);
  const trainScores = Float64Array.from({ length: train.rowCount }, (_, i) => predictTreeProbability(tree, rowOf(trainColumns, i)));
  const testLeaves = Array.from({ length: test.rowCount }, (_, i) => leafIndex(tree, rowOf(testColumns, i)));
  const testScores = Float64Array.from(testLeaves, (leaf) => leaf.probability);
  let truePositives = 0;
  let predictedPositives = 0;
  let actualPositives = 0;
  testScores.forEach((score, i) => {
    const predicted = score >= threshold;
    if (predicted) predictedPositives++;
    if (testLabels[i] === 1) actualPositives++;
    if (predicted && testLabels[i] === 1) truePositives++;
  });
  const rules = treeRules(tree, featureNames, "churn");
  const leaves: TreeNode[] = [];
  const collect = (node: TreeNode): void => {
    if (node.split) {
      collect(node.split.left);
      collect(node.split.right);
    } else leaves.push(node);
  };
  collect(tree);
  const mean = (values: Float64Array) => values.reduce((s, v) => s + v, 0) / values.length;
  const calibration = aq.table({
    rule: rules.map((r) => r.text),
    train_probability: leaves.map((leaf) => leaf.probability),
    train_accounts: leaves.map((leaf) => leaf.samples),
    test_accounts: leaves.map((leaf) => testLeaves.filter((l) => l === leaf).length),
    test_churn_rate: leaves.map((leaf) => {
      const inLeaf = testLeaves.map((l, i) => (l === leaf ? testLabels[i] : -1)).filter((v) => v >= 0);
      return inLeaf.length ? inLeaf.reduce((s, v) => s + v, 0) / inLeaf.length : null;
    }),
  });
  return {
    tree,
    featureNames,
    rules,
    train: { accounts: train.rowCount, churnRate: mean(trainLabels), auc: rocAuc(trainScores, trainLabels) },
    test: {
      accounts: test.rowCount,
      churnRate: mean(testLabels),
      auc: rocAuc(testScores, testLabels),
      precision: predictedPositives ? truePositives / predictedPositives : Number.NaN,
      recall: actualPositives ? truePositives / actualPositives : Number.NaN,
      threshold,
    },
    calibration,
  };
}
