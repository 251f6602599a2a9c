/**
 * `npm run operations:publish [-- manifest.json …]`: registers the operations of persisted-query
 * manifests (default: GATEWAY_OPERATION_MANIFESTS, i.e. schema/persisted-query-manifest.json) in
 * the Redis registry every gateway instance sharing REDIS_URL and CACHE_PREFIX reads, so a front
 * end's new operations run in safelist mode without a gateway release. Additive: ids already
 * published stay (an id is its body's hash, so an entry never changes).
 */
import { readFileSync } from 'node:fs';
import { createRedis } from '@district/runtime';
import { parseManifest } from '@district/operations';
import { readGatewayConfig } from './config.ts';
import { publishManifest } from './operation-registry.ts';

const config = readGatewayConfig();
if (!config.REDIS_URL) {
  console.error('operations:publish: REDIS_URL is not set: there is no shared registry to publish to (the gateway reads GATEWAY_OPERATION_MANIFESTS files without it)');
  process.exit(1);
}
const files = process.argv.slice(2).length ? process.argv.slice(2) : config.GATEWAY_OPERATION_MANIFESTS;
const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
try {
  for (const file of files) {
    const manifest = parseManifest(readFileSync(file, 'utf8'), file);
    const count = await publishManifest(redis, config.CACHE_PREFIX, manifest);
    console.log(`published ${count} operations of ${file} under ${config.CACHE_PREFIX}: ${manifest.operations.map((o) => o.name).join(', ')}`);
  }
} catch (error) {
  console.error(`operations:publish: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  redis.disconnect();
}
