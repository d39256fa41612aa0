import { defineConfig } from "vitest/config";

// Integration tests start real kernels, DuckDB instances and Chromium; on a 2-core machine
// they must not all run at once, and they need generous time limits (they are not timing tests).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
