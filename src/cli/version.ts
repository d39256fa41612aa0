import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** icp-lab's version from its package.json (dist/cli/version.js -> ../../package.json). */
export function readPackageVersion(): string {
  const path = fileURLToPath(new URL("../../package.json", import.meta.url));
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}
