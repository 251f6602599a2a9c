import { z } from 'zod';
import { DEV_CREDENTIALS, env, isProduction, loadConfig, ConfigError } from '@district/common';

/** Configuration of the 不动产登记 (real-estate registry) subgraph, read once at start-up. */
export const RealEstateConfigSchema = z.object({
  NODE_ENV: env.mode(),
  REAL_ESTATE_PORT: env.port(4004),
  /** The registry's exchange interface (交换接口); the stand-in listens on 5004. */
  REAL_ESTATE_BACKEND_URL: env.url('http://127.0.0.1:5004'),
  /** Head/SenderId and Head/ApiKey of every request; the registry issues them to each calling system. */
  REAL_ESTATE_SENDER_ID: env.string(DEV_CREDENTIALS.realEstate.senderId),
  REAL_ESTATE_API_KEY: env.string(DEV_CREDENTIALS.realEstate.apiKey),
  /** Whole-call budget: the registry is the slowest department (≈60 ms typical), so 3 s is generous. */
  REAL_ESTATE_TIMEOUT_MS: env.ms(3000),
  /** Calls in flight to the registry, process-wide: keeps us well inside its rate limit (200 requests/s). */
  REAL_ESTATE_MAX_CONCURRENCY: env.int(8, 1),
});
export type RealEstateConfig = z.infer<typeof RealEstateConfigSchema>;

export function readRealEstateConfig(e: NodeJS.ProcessEnv = process.env): RealEstateConfig {
  const config = loadConfig(RealEstateConfigSchema, e);
  if (isProduction(e) || config.NODE_ENV === 'production') {
    // The development credentials are public (they ship in the repository): never talk to a real registry with them.
    const problems: string[] = [];
    if (config.REAL_ESTATE_SENDER_ID === DEV_CREDENTIALS.realEstate.senderId) problems.push('REAL_ESTATE_SENDER_ID: the development sender id is refused in production; set the one the registry issued');
    if (config.REAL_ESTATE_API_KEY === DEV_CREDENTIALS.realEstate.apiKey) problems.push('REAL_ESTATE_API_KEY: the development API key is refused in production; set the one the registry issued');
    if (problems.length) throw new ConfigError(problems);
  }
  return config;
}
