import { FreshnessReport, type DepartmentReads } from '@district/department-access';
import { type Caller } from '@district/domain';
import { type Logger } from '@district/runtime';
import { createLoaders, type Loaders } from './loaders.ts';
import type { TaxpayerReads } from './taxpayer-reads.ts';
import type { TaxAdapter } from './adapter.ts';

/**
 * Per-request state: fresh loaders for every operation, so nothing is shared between callers
 * except through the process's cache. `freshness` collects the stale copies served to this
 * request; the freshness plugin (packages/subgraph-kit/src/subgraph.ts) publishes them as `extensions.stale`.
 */
export interface TaxContext {
  loaders: Loaders;
  logger: Logger;
  /** The department's read path (cache, retries, breaker), one per process. */
  reads: DepartmentReads;
  /** The bus's one speaker: the mutations call its write methods (reads go through the loaders). */
  adapter?: Pick<TaxAdapter, 'confirmNewTaxpayer' | 'applyClearance'>;
  freshness: FreshnessReport;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

export function createContextFactory(deps: { taxpayers: TaxpayerReads; logger: Logger; adapter?: Pick<TaxAdapter, 'confirmNewTaxpayer' | 'applyClearance'> }) {
  return async ({ caller }: { caller?: Caller } = {}): Promise<TaxContext> => {
    const freshness = FreshnessReport.for(caller);
    return { loaders: createLoaders(deps.taxpayers, freshness), logger: deps.logger, reads: deps.taxpayers.reads, adapter: deps.adapter, freshness, caller };
  };
}
