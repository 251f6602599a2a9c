import { batchLoader } from '@district/common';
import type { RealEstateAdapter } from './adapter.ts';
import { MAX_BATCH } from './codes.ts';

/**
 * Per-request loaders: however the operation is shaped, N enterprises cost ceil(N / 20) CX_QLXX
 * calls and N units ceil(N / 20) CX_BDCDY calls, the registry's batch limit.
 */
export function createLoaders(adapter: RealEstateAdapter) {
  return {
    /** By USCC; always an entry (the registry answers an unknown holder with an empty one). */
    holdings: batchLoader({ maxBatchSize: MAX_BATCH, fetch: (usccs: readonly string[]) => adapter.getHoldings(usccs) }),
    /** By 不动产单元号; null for a number the register does not know. */
    unit: batchLoader({ maxBatchSize: MAX_BATCH, fetch: (unitNos: readonly string[]) => adapter.getUnits(unitNos) }),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
