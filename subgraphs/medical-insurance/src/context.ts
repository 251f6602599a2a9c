import type { Logger } from '@district/common';
import type { IncomingMessage } from 'node:http';
import type { MedicalInsuranceReads } from './adapter.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import { privacyFor, type Privacy } from './privacy.ts';

export interface MedicalInsuranceContext {
  loaders: Loaders;
  privacy: Privacy;
  logger: Logger;
}

/** Fresh loaders for each request (DataLoader caches live exactly one request); the adapter is process-wide. */
export function createContextFactory(deps: { adapter: MedicalInsuranceReads; logger: Logger }) {
  return async ({ req }: { req?: IncomingMessage } = {}): Promise<MedicalInsuranceContext> => ({
    loaders: createLoaders(deps.adapter),
    privacy: privacyFor(req),
    logger: deps.logger,
  });
}
