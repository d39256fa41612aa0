export * from "./hypergeometric2f1.js";
export * from "./rocAuc.js";
export * from "./maximumLikelihood.js";
export * from "./classificationTree.js";
export * from "./proportions.js";
