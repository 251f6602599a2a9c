import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { ConfigError, createRedis, type Logger } from '@district/runtime';
import { ManifestOperationSchema, OPERATION_ID, operationId, parseManifest, registryKey, type Manifest, type ManifestOperation } from '@district/operations';

/**
 * The registered operations (登记的操作) the gateway knows: the manifests named by
 * GATEWAY_OPERATION_MANIFESTS, read at start-up (a missing or malformed file fails the start), and
 * with REDIS_URL the registry hash every instance shares (`npm run operations:publish` writes it),
 * read when an id is not in the files — so an operation published while the gateway runs is known
 * at once by every instance, without a restart. An id is the SHA-256 of its body, so an entry
 * never changes: what Redis answered is kept for a while (REDIS_HIT_TTL_MS) in a bounded map.
 */
export const REDIS_HIT_TTL_MS = 60_000;
const MAX_REMEMBERED = 5_000;

/** What the logs, metrics and access record say of an operation: its registered name and id. */
export interface OperationRef {
  id: string;
  name: string;
}

export class OperationRegistry {
  private readonly files = new Map<string, ManifestOperation>();
  private readonly remembered = new Map<string, { op: ManifestOperation; until: number }>();
  private readonly redis?: Redis;
  private readonly key: string;

  constructor(o: { manifests: string[]; redisUrl?: string; prefix: string; logger?: Logger }) {
    const problems: string[] = [];
    for (const path of o.manifests) {
      try {
        for (const op of parseManifest(readFileSync(path, 'utf8'), path).operations) this.files.set(op.id, op);
      } catch (error) {
        problems.push(`GATEWAY_OPERATION_MANIFESTS: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path}: no such file` : (error as Error).message}`);
      }
    }
    if (problems.length) throw new ConfigError(problems);
    this.key = registryKey(o.prefix);
    if (o.redisUrl) {
      this.redis = createRedis(o.redisUrl, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250 });
      this.redis.on('error', () => undefined); // reconnects by itself; meanwhile only the files' operations are known
    }
  }

  /** Operations known from the files (the rest are looked up in Redis as they are asked for). */
  get fileCount(): number {
    return this.files.size;
  }

  /** The registered operation of this id, or undefined (also while Redis cannot be read). */
  async byId(id: string): Promise<ManifestOperation | undefined> {
    if (!OPERATION_ID.test(id)) return undefined;
    const known = this.files.get(id);
    if (known) return known;
    const hit = this.remembered.get(id);
    if (hit && hit.until > Date.now()) return hit.op;
    if (!this.redis) return undefined;
    let raw: string | null;
    try {
      raw = await this.redis.hget(this.key, id);
    } catch {
      return undefined;
    }
    const parsed = raw ? ManifestOperationSchema.safeParse(safeJson(raw)) : undefined;
    // Only an entry whose body hashes to its id is trusted: the id is what the access record names.
    if (!parsed?.success || parsed.data.id !== id || operationId(parsed.data.body) !== id) return undefined;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(id, { op: parsed.data, until: Date.now() + REDIS_HIT_TTL_MS });
    return parsed.data;
  }

  close(): void {
    this.redis?.disconnect();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Writes a manifest's operations into the shared registry (additive: published ids stay). */
export async function publishManifest(redis: Redis, prefix: string, manifest: Manifest): Promise<number> {
  if (!manifest.operations.length) return 0;
  const entries = manifest.operations.flatMap((op) => [op.id, JSON.stringify(op)]);
  await redis.hset(registryKey(prefix), ...entries);
  return manifest.operations.length;
}
