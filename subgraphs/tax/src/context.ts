import { FreshnessReport, type Caller, type DepartmentReads, type Logger } from '@district/common';
import { createLoaders, type Loaders } from './loaders.ts';
import type { TaxpayerReads } from './taxpayer-reads.ts';

/**
 * Per-request state: fresh loaders for every operation, so nothing is shared between callers
 * except through the process's cache. `freshness` collects the stale copies served to this
 * request; the freshness plugin (common/subgraph.ts) publishes them as `extensions.stale`.
 */
export interface TaxContext {
  loaders: Loaders;
  logger: Logger;
  /** The department's read path (cache, retries, breaker), one per process. */
  reads: DepartmentReads;
  freshness: FreshnessReport;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

export function createContextFactory(deps: { taxpayers: TaxpayerReads; logger: Logger }) {
  return async ({ caller }: { caller?: Caller } = {}): Promise<TaxContext> => {
    const freshness = new FreshnessReport();
    return { loaders: createLoaders(deps.taxpayers, freshness), logger: deps.logger, reads: deps.taxpayers.reads, freshness, caller };
  };
}
