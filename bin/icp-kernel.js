#!/usr/bin/env node
// The icp-lab Jupyter kernel process (kernelspec argv: node bin/icp-kernel.js {connection_file}).
// Needs `npm run build` first; no Python involved.
import { runKernel } from "../dist/kernel/main.js";
runKernel(process.argv[2]).catch((error) => {
  process.stderr.write(`icp-kernel: ${error?.message ?? error}\n`);
  process.exit(1);
});
