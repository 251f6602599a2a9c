import { z } from 'zod';
import { env, loadConfig } from '@district/common';

/**
 * The gateway is generic: it serves whatever supergraph it is given and knows nothing of the
 * departments. Subgraph URLs come from the supergraph, each overridable by SUBGRAPH_<NAME>_URL
 * (name upper-cased, dashes as underscores, e.g. SUBGRAPH_REAL_ESTATE_URL).
 */
export const GatewayConfigSchema = z.object({
  NODE_ENV: env.mode(),
  GATEWAY_PORT: env.port(4000),
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** Path of the supergraph SDL, default the checked-in schema/supergraph.graphql. */
  SUPERGRAPH_PATH: z.string().default(new URL('../../schema/supergraph.graphql', import.meta.url).pathname),
  /** Budget for one subgraph call, milliseconds. */
  SUBGRAPH_TIMEOUT_MS: env.ms(10_000),
  /** Keep-alive connections per subgraph. */
  SUBGRAPH_CONNECTIONS: env.int(32, 1),
  /** Largest request body accepted, bytes. */
  MAX_BODY_BYTES: env.int(1_048_576, 1024),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema> & { subgraphUrls: Record<string, string> };

export function readGatewayConfig(e: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const config = loadConfig(GatewayConfigSchema, e);
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(e)) {
    const m = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (!m || !value) continue;
    if (!URL.canParse(value)) throw new Error(`${key} must be a URL, got "${value}"`);
    subgraphUrls[m[1].toLowerCase().replaceAll('_', '-')] = value;
  }
  return { ...config, subgraphUrls };
}
