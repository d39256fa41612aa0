export * from "./dialect.js";
export * from "./expression.js";
