export { main, buildProgram, ExitCode } from "./main.js";
