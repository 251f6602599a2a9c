import { FreshnessReport, type DepartmentReads } from '@district/department-access';
import { type Caller } from '@district/domain';
import { type Logger } from '@district/runtime';
import type { RealEstateAdapter } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface RealEstateContext {
  loaders: Loaders;
  logger: Logger;
  /** The registry reads of this process: cache, retries and circuit breaker (and, for a write, invalidation). */
  reads: DepartmentReads;
  /** The registry's one speaker, for the mutation's write (reads go through the loaders). */
  adapter: RealEstateAdapter;
  /** Stale copies served in this request; the freshness plugin publishes them as extensions.stale. */
  freshness: FreshnessReport;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

/**
 * The adapter (and its connection pool) and the reads (cache, breaker) live as long as the
 * process; loaders and the freshness report live for one request.
 */
export function createContextFactory(deps: { adapter: RealEstateAdapter; reads: DepartmentReads; logger: Logger }) {
  return async ({ caller }: { caller?: Caller } = {}): Promise<RealEstateContext> => {
    const freshness = FreshnessReport.for(caller);
    return { loaders: createLoaders({ adapter: deps.adapter, reads: deps.reads, freshness }), logger: deps.logger, reads: deps.reads, adapter: deps.adapter, freshness, caller };
  };
}
