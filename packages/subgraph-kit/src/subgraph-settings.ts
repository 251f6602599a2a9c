import { z } from 'zod';
import { partOf } from '@district/parts';
import { env, loadConfig } from '@district/runtime';

const services = partOf('services');

/**
 * What every subgraph (the four departments and services) reads for itself besides its own
 * settings and the signed context's: where refusals go on the record, and the Redis that holds
 * them while services cannot take them.
 */
export const SubgraphSettingsSchema = z.object({
  REDIS_URL: env.redisUrl(),
  CACHE_PREFIX: env.cachePrefix(),
  [services.urlVariables.direct!]: env.partUrl(services.id as 'services')
    .describe('Where the services subgraph is for the parts that call it directly: refused calls go on its access record, and services itself is reached there'),
});

export function readSubgraphSettings(e: NodeJS.ProcessEnv) {
  const c = loadConfig(SubgraphSettingsSchema, e);
  return { redisUrl: c.REDIS_URL as string | undefined, cachePrefix: c.CACHE_PREFIX as string, servicesUrl: c[services.urlVariables.direct!] as string };
}
