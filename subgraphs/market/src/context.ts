import { FreshnessReport, type DepartmentReads } from '@district/department-access';
import { type Caller } from '@district/domain';
import { type Logger } from '@district/runtime';
import type { MarketAdapter } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/**
 * What every resolver gets: the process-wide reads (cache and resilience), this request's loaders
 * (the only way resolvers reach the registry) and this request's freshness report, which the
 * subgraph's freshness plugin publishes as `extensions.stale` when a stale copy was served.
 */
export interface MarketContext {
  reads: DepartmentReads;
  /** The registry's one speaker: the mutations call its write methods (reads go through the loaders). */
  adapter: MarketAdapter;
  loaders: Loaders;
  freshness: FreshnessReport;
  logger: Logger;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

export function createContextFactory(deps: { adapter: MarketAdapter; reads: DepartmentReads; logger: Logger }) {
  return async ({ caller }: { caller?: Caller } = {}): Promise<MarketContext> => {
    const freshness = FreshnessReport.for(caller);
    return { reads: deps.reads, adapter: deps.adapter, freshness, loaders: createLoaders({ adapter: deps.adapter, reads: deps.reads, freshness }), logger: deps.logger, caller };
  };
}
