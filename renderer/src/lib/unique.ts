/** Distinct values, sorted; for the choices the filters offer. */
export function uniqueSorted<T extends string>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort();
}
