/**
 * Node's `process.binding(name)`: the only way to two things the interrupt machinery needs (a
 * SIGINT handle in a worker thread, and the async-hook counters). Deprecated (DEP0111) but kept in
 * Node's allow-list for these names; its warning would print into a cell's output, so it is
 * silenced for the call. Undefined when a Node no longer has it: callers then do without.
 */
export function legacyBinding<Binding>(name: string): Binding | undefined {
  const binding = (process as unknown as { binding?: (name: string) => Binding }).binding;
  if (!binding) return undefined;
  const warn = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return binding(name);
  } catch {
    return undefined;
  } finally {
    process.noDeprecation = warn;
  }
}
