import type { MarketAdapter } from './adapter.ts';
import { RegistryLoader } from './registry-loader.ts';

/**
 * Per-request loaders. The registry's batch call (at most 100 USCCs) serves registration,
 * building, child lists and events alike, so one loader covers them: an `_entities` fetch for N
 * enterprises costs ceil(N / 100) registry calls. Searches are single calls per page, made by
 * the adapter directly; their records prime this loader.
 */
export function createLoaders(adapter: Pick<MarketAdapter, 'getEnterprises'>) {
  return { registry: new RegistryLoader(adapter) };
}
export type Loaders = ReturnType<typeof createLoaders>;
