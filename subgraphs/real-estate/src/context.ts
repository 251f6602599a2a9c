import type { Logger } from '@district/common';
import type { RealEstateAdapter } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface RealEstateContext {
  loaders: Loaders;
  logger: Logger;
}

/** The adapter (and its connection pool) lives as long as the process; loaders live for one request. */
export function createContextFactory(deps: { adapter: RealEstateAdapter; logger: Logger }) {
  return async (): Promise<RealEstateContext> => ({ loaders: createLoaders(deps.adapter), logger: deps.logger });
}
