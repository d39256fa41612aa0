export * from "./selection.js";
export * from "./sentence.js";
export * from "./portrait.js";
export * from "./roleModel.js";
export * from "./milestones.js";
export * from "./channels.js";
export type { RetentionOptions, RetentionRule } from "./retention.js";
