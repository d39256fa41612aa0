/**
 * icp-lab: the library a notebook imports. Each stage's public face is its folder's index.ts.
 */
export * from "./errors/index.js";
export * from "./data/index.js";
export * from "./sql/index.js";
export * from "./lifecycle/index.js";
export * from "./display/index.js";
export * from "./run/index.js";
export * from "./render/index.js";
export * from "./stats/index.js";
export * from "./charts/index.js";
export * from "./criteria/index.js";
export * from "./report/index.js";
export * from "./portrait/index.js";
