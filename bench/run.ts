/**
 * `npm run bench [-- NAME ... [-- --option value ...]]`: runs each bench/*.bench.ts in its own
 * Node process (so peak memory is per benchmark) one after another. Every benchmark prints its own
 * table with ratios against a reference measured in the same run. Benchmarks are never part of
 * `npm test`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const benchDir = dirname(fileURLToPath(import.meta.url));
// `npm run bench -- portrait lifecycle -- --customers 1000000`: names pick benchmarks, everything
// from the first option on (a lone "--" dropped) goes to each benchmark's own argv.
const cliArgs = process.argv.slice(2);
const firstOption = cliArgs.findIndex((a) => a.startsWith("-"));
const wanted = firstOption < 0 ? cliArgs : cliArgs.slice(0, firstOption);
const passed = firstOption < 0 ? [] : cliArgs.slice(firstOption).filter((a, i) => !(i === 0 && a === "--"));
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, file), ...passed], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
