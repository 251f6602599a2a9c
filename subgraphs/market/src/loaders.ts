import type { DepartmentContext, LoaderDeps, WarmReadDefinition } from '@district/subgraph-kit';
import { parseRegistrationKey, REGISTRATION_KIND, SEARCH_KIND, searchPageSpecOf } from './cache-policy.ts';
import { MARKET_BATCH_LIMIT } from './codes.ts';
import type { RegistryList } from './domain.ts';
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

/**
 * What a dashboard reads of 市场监管, kept warm (CACHE_REFRESH): the building's search pages (one
 * call a page; their records prime the registrations), and registrations read by USCC (with the
 * lists a key names), 100 a call.
 */
export const WARM: ReadonlyArray<WarmReadDefinition<Loaders>> = [
  { kind: SEARCH_KIND, batchSize: 1, refresh: (loaders, keys) => Promise.allSettled(keys.map((key) => loaders.search.page(searchPageSpecOf(key)))) },
  {
    kind: REGISTRATION_KIND,
    batchSize: MARKET_BATCH_LIMIT,
    refresh: (loaders, keys) => {
      const lists = new Map<string, RegistryList[]>();
      for (const key of keys) {
        const { uscc, list } = parseRegistrationKey(key);
        lists.set(uscc, [...(lists.get(uscc) ?? []), ...(list ? [list] : [])]);
      }
      return Promise.allSettled([...lists].map(([uscc, l]) => loaders.registry.load(uscc, l)));
    },
  },
];

/** What every resolver gets (the template's context, packages/subgraph-kit/src/department-template.ts). */
export type MarketContext = DepartmentContext<MarketAdapter, Loaders>;
