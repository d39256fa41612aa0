/**
 * Kernel interrupt benchmark: how long an interrupt takes to end a busy cell, over the real protocol
 * (KernelClient: SIGINT to the kernel, then the execute_reply), for synchronous code after an
 * `await` (stopped by the interrupt worker through the inspector) against a synchronous loop at the
 * cell's start (stopped by vm's breakOnSigint watchdog), in the same kernel and run. Also the cost
 * the worker adds to every cell: an arm/disarm round trip (two per cell: type check and run),
 * against a trivial cell's wall time over the protocol.
 *
 * Latency = wall time of execute() - its timeoutMs (the client interrupts at the timeout).
 *
 *   node --import tsx bench/kernel-interrupt.bench.ts      (or: npm run bench -- kernel-interrupt)
 *   BENCH_REPEATS=3 node --import tsx bench/kernel-interrupt.bench.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelSpec, KernelClient } from "../src/jupyter/index.js";
// From dist/ (npm run bench builds it): the worker is loaded as interrupt-worker.js next to it.
import { startAsyncInterrupter } from "../dist/kernel/async-interrupt.js";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 7);
const BUSY_MS = 400;
const ROUND_TRIPS = 2_000;

const scratch = mkdtempSync(join(tmpdir(), "icp-bench-interrupt-"));
const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: join(scratch, "share/jupyter") };

function summary(values: number[]): { min: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

async function interruptLatencies(kernel: KernelClient, code: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const started = performance.now();
    const result = await kernel.execute(code, { timeoutMs: BUSY_MS, interruptGraceMs: 10_000 });
    if (result.error?.ename !== "Interrupted") throw new Error(`not interrupted: ${JSON.stringify(result.error)}`);
    latencies.push(performance.now() - started - BUSY_MS);
  }
  return latencies;
}

try {
  await installKernelSpec({ prefix: scratch, name: "icp-lab-bench-interrupt" });
  const kernel = await KernelClient.launch({ kernelName: "icp-lab-bench-interrupt", env, cwd: scratch });
  try {
    await kernel.execute("1"); // type checker warm
    const syncStart = summary(await interruptLatencies(kernel, "while (true) {}"));
    const afterAwait = summary(await interruptLatencies(kernel, "await new Promise((resolve) => setTimeout(resolve, 10)); while (true) {}"));
    const cellTimes: number[] = [];
    for (let repeat = 0; repeat < REPEATS * 3; repeat++) {
      const started = performance.now();
      await kernel.execute(`const trivial${repeat} = ${repeat};`);
      cellTimes.push(performance.now() - started);
    }
    const cell = summary(cellTimes);

    const interrupter = await startAsyncInterrupter();
    if (!interrupter) throw new Error("no interrupt worker in this Node");
    const pairTimes: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const started = performance.now();
      for (let i = 0; i < ROUND_TRIPS; i++) {
        interrupter.arm();
        interrupter.disarm();
      }
      pairTimes.push((performance.now() - started) / ROUND_TRIPS);
    }
    await interrupter.close();
    const pair = summary(pairTimes);

    const ms = (value: number) => value.toFixed(value < 1 ? 3 : 1);
    process.stdout.write(`repeats ${REPEATS}, busy ${BUSY_MS} ms before the interrupt\n\n`);
    process.stdout.write("| measure | min ms | median ms | ratio (median) |\n|---|---|---|---|\n");
    process.stdout.write(`| interrupt: loop at the cell's start (vm watchdog, reference) | ${ms(syncStart.min)} | ${ms(syncStart.median)} | 1.00 |\n`);
    process.stdout.write(`| interrupt: loop after an await (interrupt worker) | ${ms(afterAwait.min)} | ${ms(afterAwait.median)} | ${(afterAwait.median / syncStart.median).toFixed(2)} |\n`);
    process.stdout.write(`| trivial cell over the protocol (reference) | ${ms(cell.min)} | ${ms(cell.median)} | 1.00 |\n`);
    process.stdout.write(`| 2 arm/disarm round trips (added to every cell) | ${ms(2 * pair.min)} | ${ms(2 * pair.median)} | ${((2 * pair.median) / cell.median).toFixed(4)} |\n`);
  } finally {
    await kernel.shutdown();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
