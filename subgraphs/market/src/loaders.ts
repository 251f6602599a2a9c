import type { DepartmentContext, LoaderDeps } from '@district/subgraph-kit';
import type { MarketAdapter } from './adapter.ts';
import { RegistryLoader } from './registry-loader.ts';
import { SearchLoader } from './search-loader.ts';

/**
 * Per-request loaders; every registry read goes through one of them, and through DepartmentReads
 * (cache, retries, circuit breaker, stale-if-error). The registry's batch call (at most 100
 * USCCs) serves registration, building, child lists and events alike, so one loader covers them:
 * an `_entities` fetch for N enterprises costs at most ceil(N / 100) registry calls, and none for
 * what is fresh in the cache. Searches go page by page through the search loader; their records
 * prime the registry loader (this request) and the registration cache (later ones).
 */
export function createLoaders(deps: LoaderDeps<Pick<MarketAdapter, 'getEnterprises' | 'searchPage'>>) {
  return { registry: new RegistryLoader(deps), search: new SearchLoader(deps) };
}
export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver gets (the template's context, packages/subgraph-kit/src/department-template.ts). */
export type MarketContext = DepartmentContext<MarketAdapter, Loaders>;
