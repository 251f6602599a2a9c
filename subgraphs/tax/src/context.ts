import type { Logger } from '@district/common';
import type { TaxReads } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** Per-request state: fresh loaders for every operation, so nothing is shared between callers. */
export interface TaxContext {
  loaders: Loaders;
  logger: Logger;
}

export function createContextFactory(deps: { adapter: TaxReads; logger: Logger }) {
  return async (): Promise<TaxContext> => ({ loaders: createLoaders(deps.adapter), logger: deps.logger });
}
