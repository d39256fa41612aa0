export * from "./types.js";
export * from "./features.js";
export * from "./builtins.js";
export * from "./config.js";
export * from "./compile.js";
export * from "./evaluate.js";
