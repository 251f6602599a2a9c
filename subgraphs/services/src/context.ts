import type { Caller, Logger } from '@district/common';
import type { Db } from './store/db.ts';
import { createLoaders, type Loaders } from './loaders.ts';

export interface ServicesContext {
  db: Db;
  loaders: Loaders;
  /** The day lifecycle stages are judged at. */
  today: string;
  logger: Logger;
  /** The verified caller from the gateway's signed request context. */
  caller: Caller;
}

export function createContextFactory(deps: { db: Db; logger: Logger; today?: string }) {
  return async ({ caller }: { caller: Caller }): Promise<ServicesContext> => ({
    db: deps.db,
    loaders: createLoaders(deps.db),
    today: deps.today ?? new Date().toISOString().slice(0, 10),
    logger: deps.logger,
    caller,
  });
}
