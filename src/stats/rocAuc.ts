/**
 * Area under the ROC curve as the Mann–Whitney probability that a random positive scores above a
 * random negative (ties count one half): AUC = (R_pos - n_pos (n_pos + 1) / 2) / (n_pos n_neg),
 * with R_pos the sum of the positives' mid-ranks (Hanley & McNeil 1982).
 */
import { ParameterError } from "../errors/index.js";

/**
 * ROC AUC of `scores` against 0/1 `labels`.
 *
 * @example
 * rocAuc([0.9, 0.8, 0.3, 0.1], [1, 0, 1, 0]); // pairs (pos>neg): 0.9>0.8, 0.9>0.1, 0.3>0.1, 0.3<0.8 -> 3/4 = 0.75
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new ParameterError("rocAuc: scores and labels differ in length", { scores: n, labels: labels.length });
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  let positiveRankSum = 0;
  let positives = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const midRank = (start + end) / 2 + 1; // 1-based mid-rank of the tie group
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positiveRankSum += midRank;
        positives++;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
