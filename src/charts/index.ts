export * from "./cohortCharts.js";
export * from "./lifecycleCharts.js";
export * from "./criteriaCharts.js";
export * from "./portraitCharts.js";
export * from "./labels.js";
