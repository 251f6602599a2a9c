import type { Redis } from 'ioredis';
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { createRedis } from '@district/runtime';
import type { OperationRegistry } from './operation-registry.ts';

/**
 * Where the gateway keeps operation documents: automatic persisted queries (APQ) that clients
 * register by hash, and the registered operations (operation-registry.ts: the manifests and the
 * shared registry), which are always known by their id. With REDIS_URL the APQ entries live in Redis, so every gateway
 * instance knows an operation any instance has seen; otherwise in-process.
 */
export const APQ_TTL_SECONDS = 7 * 24 * 3600;
export const REGISTERED_PREFIX = 'apq:';

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

/** The operation cache, with registered operations answered by the registry before anything else. */
export class OperationCache implements KeyValueCache<string> {
  private readonly registry: OperationRegistry;
  private readonly redis?: Redis;
  private readonly store: KeyValueCache<string>;

  constructor(options: { redisUrl?: string; prefix: string; registry: OperationRegistry }) {
    this.registry = options.registry;
    if (options.redisUrl) {
      this.redis = createRedis(options.redisUrl, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 250 });
      this.redis.on('error', () => undefined); // reconnects by itself; reads meanwhile are misses
      this.store = new RedisKeyValueCache(this.redis, `${options.prefix}:gateway:`);
    } else {
      this.store = new InMemoryLRUCache<string>({ maxSize: 16 * 1024 * 1024 });
    }
  }

  private registered(key: string) {
    return key.startsWith(REGISTERED_PREFIX) ? this.registry.byId(key.slice(REGISTERED_PREFIX.length)) : Promise.resolve(undefined);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.registered(key))?.body ?? this.store.get(key);
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (await this.registered(key)) return;
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
