import { batchLoader } from '@district/department-access';
import type { DepartmentContext, LoaderDeps, WarmReadDefinition } from '@district/subgraph-kit';
import type { MedicalInsuranceAdapter, MedicalInsuranceReads } from './adapter.ts';
import { cacheKey, KIND, type RecordKind } from './cache-policy.ts';

/**
 * The platform has no batch lookup: one employer per call. So every loader asks for one key at a
 * time (maxBatchSize 1) and N enterprises cost at most N calls; the adapter's transport caps how
 * many are in flight at once, process-wide, which keeps us inside the platform's rate limit.
 *
 * Every read goes through DepartmentReads: a fresh cached copy costs no call; concurrent misses
 * for one employer, across requests, make one call; a failed read is retried (each attempt is a
 * new adapter call, so a new msgid) behind the circuit breaker; and when the platform fails, a
 * recent copy is served and noted in the request's FreshnessReport (extensions.stale).
 */
export const MAX_BATCH_SIZE = 1;

/** A per-request loader keyed by USCC: the record, null when not registered; rejects with the department's error. */
export interface EmployerLoader<V> {
  load(uscc: string): Promise<V | null>;
}

function perEmployer<V>(deps: LoaderDeps<MedicalInsuranceReads>, kind: RecordKind, read: (uscc: string) => Promise<V | null>): EmployerLoader<V> {
  const loader = batchLoader<string, V | Error | null>({
    maxBatchSize: MAX_BATCH_SIZE,
    fetch: async (usccs) => {
      const uscc = new Map(usccs.map((u) => [cacheKey(u), u]));
      // One call per employer the cache did not have (with MAX_BATCH_SIZE 1, at most one).
      const fetchMissing = async (missing: string[]) =>
        new Map(await Promise.all(missing.map(async (key) => [key, await read(uscc.get(key)!)] as const)));
      const answers = await deps.reads.batch<V>(kind, [...uscc.keys()], fetchMissing, deps.freshness);
      const byKey = new Map([...uscc.keys()].map((key, i) => [key, answers[i]]));
      return new Map(usccs.map((u) => [u, byKey.get(cacheKey(u))!]));
    },
  });
  // An Error in the answer rejects that key's load alone (DataLoader): that enterprise's field is
  // null with DEPARTMENT_UNAVAILABLE, the others keep theirs. So a load resolves to V or null.
  return loader as unknown as EmployerLoader<V>;
}

/**
 * Per-request loaders keyed by USCC. Only `employer` (1301) is read for every enterprise; the
 * others are read only when a query asks for the arrears list, contributions or headcount history.
 */
export function createLoaders(deps: LoaderDeps<MedicalInsuranceReads>) {
  const { adapter } = deps;
  return {
    /** 1301: account, current headcount and arrears summary. */
    employer: perEmployer(deps, KIND.employer, (uscc) => adapter.getEmployer(uscc)),
    /** 1304: every outstanding period. */
    arrears: perEmployer(deps, KIND.arrears, (uscc) => adapter.getArrears(uscc)),
    /** 1303: the months the platform keeps online (the resolver picks the last N). */
    contributions: perEmployer(deps, KIND.contributions, (uscc) => adapter.getContributions(uscc)),
    /** 1302: the monthly snapshots the platform keeps online. */
    headcounts: perEmployer(deps, KIND.headcounts, (uscc) => adapter.getHeadcounts(uscc)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/**
 * What a dashboard reads of 医保, kept warm (CACHE_REFRESH): the 1301 employer record, one call
 * per employer, as a cold read is.
 */
export const WARM: ReadonlyArray<WarmReadDefinition<Loaders>> = [
  { kind: KIND.employer, batchSize: MAX_BATCH_SIZE, refresh: (loaders, keys) => Promise.allSettled(keys.map((uscc) => loaders.employer.load(uscc))) },
];

/** What every resolver gets (the template's context, packages/subgraph-kit/src/department-template.ts). */
export type MedicalInsuranceContext = DepartmentContext<MedicalInsuranceAdapter, Loaders>;
