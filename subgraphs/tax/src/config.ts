import { z } from 'zod';
import { ConfigError, DEV_CREDENTIALS, env, loadConfig } from '@district/common';

const DEV = DEV_CREDENTIALS.tax;

/** Configuration of the 税务 (tax) subgraph, read once at start-up. */
export const TaxConfigSchema = z.object({
  NODE_ENV: env.mode(),
  TAX_PORT: env.port(4002),
  /** The 税务 service bus (its front proxy); the local stand-in listens on 5002. */
  TAX_BACKEND_URL: env.url('http://127.0.0.1:5002'),
  /** 渠道标识 and 渠道令牌 the bureau issued to this system, sent in every request head. */
  TAX_CHANNEL_ID: env.string(DEV.channelId),
  TAX_TOKEN: env.string(DEV.token),
  /** Whole-call budget per bus call, milliseconds. */
  TAX_TIMEOUT_MS: env.int(3000, 1),
  /**
   * Calls in flight to the bus, process-wide. It accepts 300 requests/s; at its fastest (~20 ms a
   * call) 6 in flight stay under that, and with 50 taxpayers a call, 6 is plenty.
   */
  TAX_MAX_CONCURRENCY: env.int(6, 1),
});
export type TaxConfig = z.infer<typeof TaxConfigSchema>;

/** Reads and checks the configuration; production refuses the development channel credentials. */
export function readTaxConfig(e: NodeJS.ProcessEnv = process.env): TaxConfig {
  const config = loadConfig(TaxConfigSchema, e);
  if (config.NODE_ENV !== 'production') return config;
  // The development pair ships in the repository: never present it to a real bureau.
  const problems: string[] = [];
  if (config.TAX_CHANNEL_ID === DEV.channelId) problems.push('TAX_CHANNEL_ID: the development channel id is refused in production; set the one the tax bureau issued');
  if (config.TAX_TOKEN === DEV.token) problems.push('TAX_TOKEN: the development channel token is refused in production; set the one the tax bureau issued');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
