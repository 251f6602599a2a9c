import type { Logger } from '@district/common';
import type { MarketAdapter } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';

/** What every resolver gets: the process-wide adapter and this request's loaders. */
export interface MarketContext {
  adapter: MarketAdapter;
  loaders: Loaders;
  logger: Logger;
}

export function createContextFactory(deps: { adapter: MarketAdapter; logger: Logger }) {
  return async (): Promise<MarketContext> => ({ adapter: deps.adapter, loaders: createLoaders(deps.adapter), logger: deps.logger });
}
