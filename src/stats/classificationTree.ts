/**
 * A small CART classification tree for 0/1 labels (Breiman et al. 1984): binary splits
 * `feature <= threshold` chosen to maximise the decrease in Gini impurity, with depth and leaf-size
 * limits. Hand-written because ml-cart 2.1 has no minimum leaf size, keeps no per-leaf counts
 * (support) and tries every split point in O(n²); here each node sorts each feature once (O(n log n)).
 */
import { ParameterError } from "../errors/index.js";

export interface ClassificationTreeOptions {
  /** Maximum depth (root = 0); default 3. */
  maxDepth?: number;
  /** Minimum samples in a leaf; default 20. */
  minLeafSize?: number;
  /** Minimum weighted Gini decrease to split; default 0 (any improvement). */
  minImpurityDecrease?: number;
}

/** A node: leaves have no `split`. `probability` = share of positives among the node's samples. */
export interface TreeNode {
  samples: number;
  positives: number;
  probability: number;
  split?: { feature: number; threshold: number; left: TreeNode; right: TreeNode };
}

const gini = (positives: number, n: number) => (n === 0 ? 0 : 2 * (positives / n) * (1 - positives / n));

/**
 * Fit a tree. `columns[j][i]` is feature j of sample i (column-major typed arrays), `labels[i]` 0/1.
 *
 * @example
 * const tree = fitClassificationTree([Float64Array.of(1, 2, 3, 4)], Uint8Array.of(0, 0, 1, 1), { minLeafSize: 1 });
 * tree.split?.threshold; // 2.5 (midpoint between 2 and 3)
 */
export function fitClassificationTree(columns: ArrayLike<number>[], labels: ArrayLike<number>, options: ClassificationTreeOptions = {}): TreeNode {
  const maxDepth = options.maxDepth ?? 3;
  const minLeafSize = options.minLeafSize ?? 20;
  const minDecrease = options.minImpurityDecrease ?? 0;
  if (!(maxDepth >= 0 && minLeafSize >= 1)) throw new ParameterError("maxDepth >= 0 and minLeafSize >= 1", { maxDepth, minLeafSize });
  const n = labels.length;
  if (columns.some((c) => c.length !== n)) throw new ParameterError("every feature column needs one value per label");
  const all = Array.from({ length: n }, (_, i) => i);
  return grow(all, 0);

  function grow(indexes: number[], depth: number): TreeNode {
    let positives = 0;
    for (const i of indexes) positives += labels[i];
    const node: TreeNode = { samples: indexes.length, positives, probability: indexes.length ? positives / indexes.length : 0 };
    if (depth >= maxDepth || indexes.length < 2 * minLeafSize || positives === 0 || positives === indexes.length) return node;
    const parentImpurity = gini(positives, indexes.length);
    let best: { feature: number; threshold: number; decrease: number } | undefined;
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j];
      const sorted = indexes.filter((i) => !Number.isNaN(column[i])).sort((p, q) => column[p] - column[q]);
      let leftPositives = 0;
      for (let k = 0; k < sorted.length - 1; k++) {
        leftPositives += labels[sorted[k]];
        const leftSize = k + 1;
        const rightSize = sorted.length - leftSize;
        if (column[sorted[k]] === column[sorted[k + 1]] || leftSize < minLeafSize || rightSize < minLeafSize) continue;
        const weighted =
          (leftSize * gini(leftPositives, leftSize) + rightSize * gini(positives - leftPositives, rightSize)) / indexes.length;
        const decrease = parentImpurity - weighted;
        if (decrease > minDecrease && (!best || decrease > best.decrease)) {
          best = { feature: j, threshold: (column[sorted[k]] + column[sorted[k + 1]]) / 2, decrease };
        }
      }
    }
    if (!best) return node;
    const { feature, threshold } = best;
    // Missing values go right with the larger values (documented: NaN is not <= threshold).
    const left = indexes.filter((i) => columns[feature][i] <= threshold);
    const right = indexes.filter((i) => !(columns[feature][i] <= threshold));
    node.split = { feature, threshold, left: grow(left, depth + 1), right: grow(right, depth + 1) };
    return node;
  }
}

/**
 * The leaf probability for one sample (`row[j]` = feature j).
 *
 * @example
 * predictTreeProbability(tree, [3.5]); // 1 for the example above
 */
export function predictTreeProbability(tree: TreeNode, row: ArrayLike<number>): number {
  let node = tree;
  while (node.split) node = row[node.split.feature] <= node.split.threshold ? node.split.left : node.split.right;
  return node.probability;
}

/** One if-then rule per leaf: the conditions on the path, the leaf's probability and support. */
export interface TreeRule {
  conditions: { feature: string; operator: "<=" | ">"; threshold: number }[];
  probability: number;
  samples: number;
  positives: number;
  /** Readable: "if seats <= 2.5 and logins_30d <= 3.5 then churn 80% (n = 120)". */
  text: string;
}

/**
 * The tree as if-then rules, leaves left to right.
 *
 * @example
 * treeRules(tree, ["x"]).map((r) => r.text); // ["if x <= 2.5 then 0% (n = 2)", "if x > 2.5 then 100% (n = 2)"]
 */
export function treeRules(tree: TreeNode, featureNames: string[], outcome = ""): TreeRule[] {
  const rules: TreeRule[] = [];
  const walk = (node: TreeNode, conditions: TreeRule["conditions"]) => {
    if (node.split) {
      const feature = featureNames[node.split.feature];
      walk(node.split.left, [...conditions, { feature, operator: "<=", threshold: node.split.threshold }]);
      walk(node.split.right, [...conditions, { feature, operator: ">", threshold: node.split.threshold }]);
      return;
    }
    const when = conditions.length ? conditions.map((c) => `${c.feature} ${c.operator} ${+c.threshold.toPrecision(4)}`).join(" and ") : "always";
    const percent = `${(node.probability * 100).toFixed(0)}%`;
    rules.push({
      conditions,
      probability: node.probability,
      samples: node.samples,
      positives: node.positives,
      text: `if ${when} then ${outcome ? `${outcome} ` : ""}${percent} (n = ${node.samples})`,
    });
  };
  walk(tree, []);
  return rules;
}
