/**
 * Index arrays of values into their distinct values, so a likelihood evaluated thousands of times
 * computes ln(alpha + T) once per distinct T instead of once per customer (T and recency take few
 * distinct values: whole days, at most a few thousand).
 */

/** Distinct sorted values of one or more arrays, and, per input array, each element's index into them. */
export function indexDistinctValues(...arrays: ArrayLike<number>[]): { values: Float64Array; indexes: Int32Array[] } {
  const all = new Set<number>();
  for (const array of arrays) for (let i = 0; i < array.length; i++) all.add(array[i]);
  const values = Float64Array.from(all).sort();
  const position = new Map<number, number>();
  values.forEach((v, i) => position.set(v, i));
  const indexes = arrays.map((array) => {
    const index = new Int32Array(array.length);
    for (let i = 0; i < array.length; i++) index[i] = position.get(array[i])!;
    return index;
  });
  return { values, indexes };
}
