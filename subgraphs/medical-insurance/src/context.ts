import { FreshnessReport, type DepartmentReads } from '@district/department-access';
import { type Caller } from '@district/domain';
import { type Logger } from '@district/runtime';
import type { MedicalInsuranceAdapter, MedicalInsuranceReads } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { privacyFor, type Privacy } from './privacy.ts';

export interface MedicalInsuranceContext {
  loaders: Loaders;
  /** The department's one read path (cache, retries, breaker), process-wide. */
  reads: DepartmentReads;
  /** The platform's one speaker, for the mutations' writes (reads go through the loaders); absent where only reads are wired. */
  writes?: EmployerWrites;
  /** Stale copies served to this request; the subgraph's plugin publishes them as extensions.stale. */
  freshness: FreshnessReport;
  privacy: Privacy;
  logger: Logger;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

/**
 * Fresh loaders and a fresh FreshnessReport for each request (DataLoader caches live exactly one
 * request); the adapter and the department reads (cache, breaker) are process-wide.
 */
export type EmployerWrites = Pick<MedicalInsuranceAdapter, 'registerEmployer' | 'changeEmployer' | 'closeEmployer'>;

export function createContextFactory(deps: { adapter: MedicalInsuranceReads & Partial<EmployerWrites>; reads: DepartmentReads; logger: Logger }) {
  return async ({ caller }: { caller?: Caller } = {}): Promise<MedicalInsuranceContext> => {
    const freshness = FreshnessReport.for(caller);
    return {
      loaders: createLoaders({ adapter: deps.adapter, reads: deps.reads, freshness }),
      reads: deps.reads,
      writes: deps.adapter.registerEmployer ? (deps.adapter as EmployerWrites) : undefined,
      freshness,
      privacy: privacyFor(caller),
      logger: deps.logger,
      caller,
    };
  };
}
