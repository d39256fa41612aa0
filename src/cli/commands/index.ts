/**
 * The registry of `icp` commands: each entry adds one command (with its sub-commands) to the
 * program. One file per command; add its register function here.
 */
import type { Command } from "commander";
import { registerRunCommand } from "./run.js";
import { registerRenderCommand } from "./render.js";
import { registerKernelCommand } from "./kernel.js";
import { registerReportCommand } from "./report.js";
import { registerDemoCommand } from "./demo.js";
import { registerInitCommand } from "./init.js";
import { registerPortraitCommand } from "./portrait.js";
import { registerDataCommand } from "./data.js";

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [registerRunCommand, registerRenderCommand, registerKernelCommand, registerReportCommand, registerDemoCommand, registerInitCommand, registerPortraitCommand, registerDataCommand];
