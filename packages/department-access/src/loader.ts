import DataLoader from 'dataloader';

/**
 * A per-request DataLoader that never asks a backend for more keys at once than it accepts.
 * `fetch` gets at most `maxBatchSize` keys and returns what it found; keys it did not find
 * resolve to null. Order and de-duplication are DataLoader's; concurrency is bounded by the
 * adapter's transport, process-wide.
 */
export function batchLoader<K extends string, V>(options: {
  maxBatchSize: number;
  fetch: (keys: readonly K[]) => Promise<Map<K, V>>;
}): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const found = await options.fetch(keys);
      return keys.map((k) => found.get(k) ?? null);
    },
    { maxBatchSize: options.maxBatchSize },
  );
}
