/**
 * Node 20 lacks `Map.groupBy` (Node 21+), which Vitest 5's reporter uses when it prints a failed
 * test: without this, a failure crashes the reporter instead of being shown. Loaded by the
 * Vitest configs (the main process). Remove when CI moves to Node 22.
 */
type GroupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
const mapWithGroupBy = Map as unknown as { groupBy?: GroupBy };
mapWithGroupBy.groupBy ??= <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => {
  const groups = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};
