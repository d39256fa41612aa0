/**
 * Make every DuckDB query started from a notebook interruptible: while a connection's query
 * method (run, runAndReadAll, stream, ...) is pending, an interrupt handler that calls
 * `connection.interrupt()` is registered (TOOLCHAIN.md: the query then fails with
 * "INTERRUPT Error"; stopping the thread instead would abort the process). Done by wrapping the
 * methods on `DuckDBConnection.prototype` once, so datasets need no cooperation.
 */
import { DuckDBConnection } from "@duckdb/node-api";
import { onKernelInterrupt } from "./interrupt.js";

const QUERY_METHODS = /^(run|stream|start)/;
const PATCHED = Symbol.for("icp-lab.duckdbInterruptible");
/** Query calls still running (shared through the global, like the patch itself). */
const IN_FLIGHT = Symbol.for("icp-lab.duckdbInFlight");

function inFlight(): Set<Promise<unknown>> {
  const holder = globalThis as unknown as Record<symbol, Set<Promise<unknown>> | undefined>;
  return (holder[IN_FLIGHT] ??= new Set());
}

/** Wrap DuckDB's query methods (idempotent); returns how many methods were wrapped. */
export function makeDuckDbInterruptible(): number {
  const proto = DuckDBConnection.prototype as unknown as Record<string | symbol, unknown>;
  if (proto[PATCHED]) return 0;
  proto[PATCHED] = true;
  let wrapped = 0;
  for (const name of Object.getOwnPropertyNames(proto)) {
    // Read descriptors, not properties: some are getters that need a real connection.
    const original = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
    if (!QUERY_METHODS.test(name) || typeof original !== "function") continue;
    proto[name] = async function (this: DuckDBConnection, ...args: unknown[]) {
      const stop = onKernelInterrupt(() => this.interrupt());
      const call = (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      const running = inFlight();
      running.add(call);
      try {
        return await call;
      } finally {
        running.delete(call);
        stop();
      }
    };
    wrapped++;
  }
  return wrapped;
}

/**
 * Resolves once every DuckDB query started through a patched connection has ended (true), or after
 * `timeoutMs` (false). A query runs on a libuv thread-pool thread, and `process.exit` joins those
 * threads: exiting with a query still running waits for the query (minutes, or forever), so the
 * kernel interrupts queries and waits here before it exits.
 * @example
 * runInterruptHandlers(); await duckDbQueriesSettled(2_000); process.exit(0);
 */
export async function duckDbQueriesSettled(timeoutMs: number): Promise<boolean> {
  const running = [...inFlight()];
  if (running.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([Promise.allSettled(running).then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
