/**
 * Interrupt handlers: code that can stop work the kernel cannot see (a DuckDB query running on
 * its own threads: `connection.interrupt()` makes it fail with "INTERRUPT Error"). The kernel calls
 * every handler when the user interrupts a cell.
 *
 * The handler set lives on the global `Symbol.for("icp-lab.interruptHandlers")`, so any module
 * (the data layer included, which must not import the kernel) can add a handler without importing
 * this file: `(globalThis[Symbol.for("icp-lab.interruptHandlers")] ??= new Set()).add(fn)`.
 */
const HANDLERS_KEY = Symbol.for("icp-lab.interruptHandlers");

function handlers(): Set<() => void> {
  const holder = globalThis as unknown as Record<symbol, Set<() => void> | undefined>;
  return (holder[HANDLERS_KEY] ??= new Set());
}

/**
 * Register a handler called on every kernel interrupt; returns a function that removes it.
 * @example
 * const stop = onKernelInterrupt(() => connection.interrupt());
 * try { await connection.run(sql); } finally { stop(); }
 */
export function onKernelInterrupt(handler: () => void): () => void {
  handlers().add(handler);
  return () => {
    handlers().delete(handler);
  };
}

/** Call every registered handler (errors in one do not stop the others); returns how many ran. */
export function runInterruptHandlers(): number {
  let count = 0;
  for (const handler of [...handlers()]) {
    try {
      handler();
      count++;
    } catch {
      // An interrupt must reach every handler; a failing one has nothing left to stop.
    }
  }
  return count;
}
