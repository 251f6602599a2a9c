import type { Redis, RedisOptions } from 'ioredis';
import { createRedis, type Logger } from '@district/runtime';
import { decodeEntry, encodeEntry, type CacheEntry } from './entry.ts';
import type { CacheStore, StoreListener, StoreWrite } from './store.ts';

/**
 * Bounds on every Redis call. The cache is an optimisation: a slow or absent Redis must cost a
 * request at most REDIS_COMMAND_TIMEOUT_MS and then the department call it would have made anyway,
 * so commands are never queued while disconnected and never retried for long.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 250;
export const REDIS_CONNECT_TIMEOUT_MS = 2_000;
export const REDIS_MAX_RETRIES_PER_REQUEST = 1;
/** Reconnection backs off to this and keeps trying: a cache that gave up would stay cold forever. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 2_000;

export interface RedisStoreOptions {
  url: string;
  /** Namespace of every key and of the invalidation channel, e.g. "district:prod" or "t:1234:1700000000000". */
  prefix: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxRetriesPerRequest?: number;
  logger?: Logger;
}

interface InvalidationMessage {
  origin: string;
  ids: string[];
}

/**
 * The shared store on Redis: entries are JSON strings under `<prefix>:<kind>:<key>` with a PX
 * expiry, and invalidations are published on `<prefix>:invalidate` to a second connection (a
 * subscribed connection can issue no other commands).
 */
export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  readonly channel: string;
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly listeners = new Set<StoreListener>();
  private readonly prefix: string;
  private subscribedOnce = false;
  private readonly logger?: Logger;
  private connectionLost = false;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.prefix;
    this.channel = `${options.prefix}:invalidate`;
    const redisOptions: RedisOptions = {
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? REDIS_CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: options.maxRetriesPerRequest ?? REDIS_MAX_RETRIES_PER_REQUEST,
      // Named, so `CLIENT LIST` on a shared Redis says whose connection each one is.
      connectionName: `${options.prefix}:cache`,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), REDIS_MAX_RECONNECT_DELAY_MS),
    };
    this.logger = options.logger;
    this.client = createRedis(options.url, redisOptions);
    // The subscriber has no command timeout: a subscribed connection waits for messages by design.
    this.subscriber = createRedis(options.url, { ...redisOptions, commandTimeout: undefined });
    for (const c of [this.client, this.subscriber]) {
      c.on('error', (error: Error) => this.onConnectionError(error));
      c.on('ready', () => this.onConnectionReady());
    }
    this.subscriber.on('ready', () => void this.onSubscriberReady());
    this.subscriber.on('message', (channel: string, text: string) => this.onMessage(channel, text));
  }

  /** ioredis emits an error on every failed reconnect attempt: log once per outage, not per attempt. */
  private onConnectionError(error: Error): void {
    if (this.connectionLost) return;
    this.connectionLost = true;
    this.logger?.warn({ err: { message: error.message, code: (error as { code?: string }).code }, prefix: this.prefix }, 'Redis connection lost; reconnecting');
  }

  private onConnectionReady(): void {
    if (!this.connectionLost) return;
    this.connectionLost = false;
    this.logger?.info({ prefix: this.prefix }, 'Redis connection ready again');
  }

  private key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async mget(ids: readonly string[]): Promise<Array<CacheEntry | undefined>> {
    if (ids.length === 0) return [];
    const texts = await this.client.mget(ids.map((id) => this.key(id)));
    return texts.map((t) => decodeEntry(t));
  }

  async mset(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const pipeline = this.client.pipeline();
    for (const w of writes) pipeline.set(this.key(w.id), encodeEntry(w.entry), 'PX', Math.max(1, Math.ceil(w.keepMs)));
    throwFirstError(await pipeline.exec());
  }

  async invalidate(ids: readonly string[], origin: string): Promise<void> {
    if (ids.length === 0) return;
    // DEL before PUBLISH, in one round trip: an instance that drops its copy on the message and
    // reads again must find the shared copy already gone.
    const message: InvalidationMessage = { origin, ids: [...ids] };
    const result = await this.client.pipeline().del(...ids.map((id) => this.key(id))).publish(this.channel, JSON.stringify(message)).exec();
    throwFirstError(result);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async onSubscriberReady(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch {
      return; // the next 'ready' tries again
    }
    // After the first subscription, every later one follows a disconnection during which
    // invalidations may have been published and lost.
    if (this.subscribedOnce) for (const l of this.listeners) l.resynced();
    this.subscribedOnce = true;
  }

  private onMessage(channel: string, text: string): void {
    if (channel !== this.channel) return;
    let message: InvalidationMessage;
    try {
      message = JSON.parse(text) as InvalidationMessage;
    } catch {
      return;
    }
    if (!Array.isArray(message.ids)) return;
    for (const l of this.listeners) l.invalidated(message.ids, String(message.origin));
  }

  /** Both connections up and the subscription in place; rejects after `timeoutMs`. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.client.status === 'ready' && this.subscribedOnce && this.subscriber.status === 'ready')) {
      if (Date.now() >= deadline) {
        throw new Error(`Redis at ${redactUrl(this.client.options)} not ready within ${timeoutMs} ms (status ${this.client.status})`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([this.client, this.subscriber].map((c) => (c.status === 'ready' ? c.quit().then(() => {}, () => c.disconnect()) : c.disconnect())));
  }
}

function throwFirstError(results: [Error | null, unknown][] | null): void {
  if (!results) throw new Error('Redis pipeline was not executed');
  for (const [error] of results) if (error) throw error;
}

/** Host and port only: a URL may carry a password, which never reaches a log or an error. */
function redactUrl(options: RedisOptions): string {
  return `${options.host ?? '?'}:${options.port ?? '?'}`;
}
