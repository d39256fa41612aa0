// A template's own component that fails while rendering (for the runtime error test).
export function Thrower({ limit }: { limit: number }) {
  if (limit > 2) throw new Error(`THROWER_LIMIT ${limit} is too big`);
  return <b>{limit}</b>;
}
