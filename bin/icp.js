#!/usr/bin/env node
// The `icp` command: a thin launcher for the built CLI (run `npm run build` first).
import { main } from "../dist/cli/main.js";
main(process.argv).then((code) => { process.exitCode = code; });
