import { batchLoader, type DepartmentReads, type FreshnessReport } from '@district/department-access';
import type { DepartmentContext, LoaderDeps, WarmReadDefinition } from '@district/subgraph-kit';
import type { RealEstateAdapter } from './adapter.ts';
import { KIND, type RealEstateRecordKind } from './cache-policy.ts';
import { MAX_BATCH } from './codes.ts';
import type { Holdings, PropertyUnit } from './domain.ts';

/**
 * Per-request loaders over DepartmentReads: fresh cached records cost no registry call; the rest
 * of a batch is one registry call per 20 (the registry's batch limit), retried on transient
 * failures behind the circuit breaker; concurrent misses for one record across requests make one
 * call (single flight); and when the registry fails, a recent cached copy is served and noted in
 * the request's FreshnessReport. N enterprises cost at most ceil(N / 20) CX_QLXX calls and N
 * units at most ceil(N / 20) CX_BDCDY calls. A key that could not be answered rejects with its
 * error (DEPARTMENT_UNAVAILABLE), so only that enterprise's or unit's fields fail. A record comes
 * out with its top level this request's own (the cache's copy is frozen), so a resolver may return
 * it from `__resolveReference` without copying it.
 */
export function createLoaders(deps: LoaderDeps<Pick<RealEstateAdapter, 'getHoldings' | 'getUnits'>>) {
  const { adapter, reads, freshness } = deps;
  return {
    /** By USCC; always an entry (the registry answers an unknown holder with an empty one). */
    holdings: readThrough<Holdings>(reads, freshness, KIND.holdings, (usccs) => adapter.getHoldings(usccs)),
    /** By 不动产单元号; null for a number the register does not know. */
    unit: readThrough<PropertyUnit>(reads, freshness, KIND.unit, (unitNos) => adapter.getUnits(unitNos)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/** What a dashboard reads of 不动产 (hasMortgage, hasSeizure), kept warm (CACHE_REFRESH): holdings, 20 holders a call. */
export const WARM: ReadonlyArray<WarmReadDefinition<Loaders>> = [
  { kind: KIND.holdings, batchSize: MAX_BATCH, refresh: (loaders, keys) => Promise.allSettled(keys.map((uscc) => loaders.holdings.load(uscc))) },
];

function readThrough<V>(reads: DepartmentReads, freshness: FreshnessReport, kind: RealEstateRecordKind, fetch: (missing: string[]) => Promise<Map<string, V>>) {
  const loader = batchLoader<string, V | null | Error>({
    maxBatchSize: MAX_BATCH,
    fetch: async (keys) => {
      const answers = await reads.batch<V>(kind, keys, fetch, freshness);
      // An Error in a DataLoader's results rejects that key alone.
      return new Map(keys.map((k, i) => [k, answers[i]]));
    },
  });
  // Errors never resolve: DataLoader turns them into rejections of their own key.
  return loader as unknown as Loader<V>;
}

/** The part of DataLoader the resolvers use. */
export interface Loader<V> {
  load(key: string): Promise<V | null>;
}

/** What every resolver gets (the template's context, packages/subgraph-kit/src/department-template.ts). */
export type RealEstateContext = DepartmentContext<RealEstateAdapter, Loaders>;
