import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { createRedis } from '@district/runtime';

/**
 * Where the gateway keeps operation documents: automatic persisted queries (APQ) that clients
 * register by hash, and the registered operations of our front ends (schema/operations/*.graphql),
 * which are always known. With REDIS_URL the APQ entries live in Redis, so every gateway
 * instance knows an operation any instance has seen; otherwise in-process.
 */
export const APQ_TTL_SECONDS = 7 * 24 * 3600;
export const REGISTERED_PREFIX = 'apq:';

export interface RegisteredOperation {
  name: string;
  sha256: string;
  document: string;
}

export function loadRegisteredOperations(dir: string): RegisteredOperation[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
  } catch {
    return [];
  }
  return files.map((f) => {
    const document = readFileSync(path.join(dir, f), 'utf8');
    return { name: path.basename(f, '.graphql'), sha256: createHash('sha256').update(document).digest('hex'), document };
  });
}

/** A KeyValueCache over Redis whose failures are misses, never failed requests. */
class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    try {
      const ttl = options?.ttl ?? APQ_TTL_SECONDS;
      await this.redis.set(this.prefix + key, value, 'EX', Math.max(1, Math.round(ttl)));
    } catch {
      // An unstored APQ entry only means the client sends the full query once more.
    }
  }

  async delete(key: string): Promise<boolean | void> {
    try {
      await this.redis.del(this.prefix + key);
    } catch {
      // ignore: see set()
    }
  }
}

/** The operation cache, with registered operations answered from memory before anything else. */
export class OperationCache implements KeyValueCache<string> {
  private readonly registered = new Map<string, string>();
  private readonly redis?: Redis;
  private readonly store: KeyValueCache<string>;

  constructor(options: { redisUrl?: string; prefix: string; registered: RegisteredOperation[] }) {
    for (const op of options.registered) this.registered.set(REGISTERED_PREFIX + op.sha256, op.document);
    if (options.redisUrl) {
      this.redis = createRedis(options.redisUrl, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250 });
      this.redis.on('error', () => undefined); // reconnects by itself; reads meanwhile are misses
      this.store = new RedisKeyValueCache(this.redis, `${options.prefix}:gateway:`);
    } else {
      this.store = new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 });
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.registered.get(key) ?? this.store.get(key);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (this.registered.has(key)) return Promise.resolve();
    return this.store.set(key, value, options);
  }

  delete(key: string): Promise<boolean | void> {
    return this.store.delete(key);
  }

  /** Whether the shared store answers (readiness); undefined when there is none (in-process). */
  async reachable(timeoutMs: number): Promise<boolean | undefined> {
    if (!this.redis) return undefined;
    try {
      const pong = await Promise.race([this.redis.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
      return pong === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
