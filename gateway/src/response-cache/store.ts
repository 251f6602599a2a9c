import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createRedis, type Logger } from '@district/runtime';

/** One cached answer: an entity, or a root fetch's data, as the subgraph sent it. */
export interface CachedAnswer {
  /** The value (an `_entities` item, or a root fetch's `data`). */
  v: unknown;
  /** Written at, epoch ms. */
  at: number;
  /** Fresh for this long after `at`, ms (the subgraph's hint, capped by GATEWAY_RESPONSE_CACHE_MAX_TTL_S). */
  ttl: number;
}

export interface StoreWrite {
  key: string;
  answer: CachedAnswer;
  /** The invalidation tags the entry is filed under (`enterprise:<uscc>`, `keyless:<subgraph>`). */
  tags: readonly string[];
  /** How long the store keeps it: its time to live plus the stale window. */
  keepMs: number;
}

/**
 * Where the gateway's response and entity cache lives: Redis when REDIS_URL is set (every gateway
 * instance reads and invalidates the same entries, so there is no per-instance copy to fall out of
 * date), an in-process LRU otherwise. Entries are filed under tags; invalidating a tag deletes every
 * entry filed under it. A store that fails answers "nothing cached" and never fails a request.
 */
export interface ResponseStore {
  readonly kind: 'memory' | 'redis';
  get(keys: readonly string[]): Promise<Array<CachedAnswer | undefined>>;
  set(writes: readonly StoreWrite[]): Promise<void>;
  /** Deletes every entry filed under these tags. */
  invalidate(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** The in-process store: an LRU of GATEWAY_RESPONSE_CACHE_MAX_ENTRIES, each tag a set of its keys. */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, { answer: CachedAnswer; tags: readonly string[] }>;
  private readonly tagged = new Map<string, Set<string>>();

  constructor(maxEntries: number, now: () => number = Date.now) {
    this.entries = new LRUCache({
      max: maxEntries,
      perf: { now },
      // An entry gone (evicted, expired, replaced, deleted) leaves its tags' sets.
      dispose: (value, key) => {
        for (const tag of value.tags) {
          const keys = this.tagged.get(tag);
          keys?.delete(key);
          if (keys?.size === 0) this.tagged.delete(tag);
        }
      },
    });
  }

  async get(keys: readonly string[]) {
    return keys.map((k) => this.entries.get(k)?.answer);
  }

  async set(writes: readonly StoreWrite[]) {
    for (const w of writes) {
      this.entries.set(w.key, { answer: w.answer, tags: w.tags }, { ttl: Math.max(1, Math.ceil(w.keepMs)) });
      for (const tag of w.tags) {
        let keys = this.tagged.get(tag);
        if (!keys) this.tagged.set(tag, (keys = new Set()));
        keys.add(w.key);
      }
    }
  }

  async invalidate(tags: readonly string[]) {
    for (const tag of tags) for (const key of [...(this.tagged.get(tag) ?? [])]) this.entries.delete(key);
  }

  async close() {
    this.entries.clear();
  }
}

/** Bounds as the department caches' (department-access redis-store.ts): a slow Redis costs a request at most this, then the subgraph call. */
const COMMAND_TIMEOUT_MS = 250;

/**
 * The store on Redis: an entry is a JSON string under `<prefix>:rc:e:<key>` with a PX expiry, a
 * tag a set of entry keys under `<prefix>:rc:t:<tag>`, kept as long as the longest entry may be.
 * Invalidating reads the tags' sets and deletes their entries and the sets: every instance sees
 * the deletion at once (there is no in-process copy in front of Redis to tell).
 */
export class RedisResponseStore implements ResponseStore {
  readonly kind = 'redis' as const;
  private readonly client: Redis;
  private failing = false;

  constructor(url: string, private readonly prefix: string, private readonly tagKeepMs: number, private readonly logger: Logger) {
    this.client = createRedis(url, {
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      connectionName: `${prefix}:response-cache`,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
    });
    this.client.on('error', (error: Error) => this.failed(error));
    this.client.on('ready', () => (this.failing = false));
  }

  /** One warning per outage: ioredis reports every failed reconnect. */
  private failed(error: unknown) {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ err: { message: (error as Error)?.message, code: (error as { code?: string })?.code } }, 'response cache: Redis failed; answering from the subgraphs meanwhile');
  }

  private entryKey = (key: string) => `${this.prefix}:rc:e:${key}`;
  private tagKey = (tag: string) => `${this.prefix}:rc:t:${tag}`;

  async get(keys: readonly string[]) {
    if (keys.length === 0) return [];
    try {
      const texts = await this.client.mget(keys.map(this.entryKey));
      return texts.map(decode);
    } catch (error) {
      this.failed(error);
      return keys.map(() => undefined);
    }
  }

  async set(writes: readonly StoreWrite[]) {
    if (writes.length === 0) return;
    const pipeline = this.client.pipeline();
    const tags = new Set<string>();
    for (const w of writes) {
      const key = this.entryKey(w.key);
      pipeline.set(key, JSON.stringify(w.answer), 'PX', Math.max(1, Math.ceil(w.keepMs)));
      for (const tag of w.tags) {
        pipeline.sadd(this.tagKey(tag), key);
        tags.add(tag);
      }
    }
    for (const tag of tags) pipeline.pexpire(this.tagKey(tag), this.tagKeepMs);
    try {
      await pipeline.exec();
    } catch (error) {
      this.failed(error);
    }
  }

  /**
   * Throws when Redis cannot be reached: an invalidation that did not happen must not pass silently
   * (the caller logs it; the entries still expire by their time to live).
   */
  async invalidate(tags: readonly string[]) {
    if (tags.length === 0) return;
    const tagKeys = tags.map(this.tagKey);
    const read = this.client.pipeline();
    for (const t of tagKeys) read.smembers(t);
    const members = new Set<string>();
    for (const [error, keys] of (await read.exec()) ?? []) {
      if (error) throw error;
      for (const k of keys as string[]) members.add(k);
    }
    await this.client.del(...members, ...tagKeys);
  }

  async close() {
    await (this.client.status === 'ready' ? this.client.quit().then(() => {}, () => this.client.disconnect()) : this.client.disconnect());
  }
}

function decode(text: string | null): CachedAnswer | undefined {
  if (!text) return undefined;
  try {
    const a = JSON.parse(text) as CachedAnswer;
    return typeof a === 'object' && a !== null && typeof a.at === 'number' && typeof a.ttl === 'number' && 'v' in a ? a : undefined;
  } catch {
    return undefined;
  }
}
