import { batchLoader } from '@district/common';
import type { MedicalInsuranceReads } from './adapter.ts';

/**
 * The platform has no batch lookup: one employer per call. So every loader asks for one key at a
 * time (maxBatchSize 1) and N enterprises cost N calls; the adapter's transport caps how many are
 * in flight at once, process-wide, which keeps us inside the platform's rate limit.
 */
export const MAX_BATCH_SIZE = 1;

function perEmployer<V>(read: (uscc: string) => Promise<V | null>) {
  return batchLoader<string, V>({
    maxBatchSize: MAX_BATCH_SIZE,
    fetch: async (usccs) => {
      const found = new Map<string, V>();
      await Promise.all(usccs.map(async (uscc) => {
        const value = await read(uscc);
        if (value !== null) found.set(uscc, value);
      }));
      return found;
    },
  });
}

/**
 * Per-request loaders keyed by USCC. Only `employer` (1301) is read for every enterprise; the
 * others are read only when a query asks for the arrears list, contributions or headcount history.
 */
export function createLoaders(adapter: MedicalInsuranceReads) {
  return {
    /** 1301: account, current headcount and arrears summary. */
    employer: perEmployer((uscc) => adapter.getEmployer(uscc)),
    /** 1304: every outstanding period. */
    arrears: perEmployer((uscc) => adapter.getArrears(uscc)),
    /** 1303: the months the platform keeps online (the resolver picks the last N). */
    contributions: perEmployer((uscc) => adapter.getContributions(uscc)),
    /** 1302: the monthly snapshots the platform keeps online. */
    headcounts: perEmployer((uscc) => adapter.getHeadcounts(uscc)),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
