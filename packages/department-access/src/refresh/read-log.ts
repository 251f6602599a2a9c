import type { Redis } from 'ioredis';

/**
 * The working set (常用集合) of one record kind: which keys were read lately and when, so the
 * refresher keeps the most recently read warm first and lets go of what nobody reads any more.
 * Reads are noted in memory at once (no round trip on the read path); on Redis they are sent in
 * one command per `flushMs`, into a sorted set every instance of the subgraph shares, so whichever
 * instance refreshes knows what all of them served.
 */
export interface ReadLog {
  note(keys: readonly string[]): void;
  /** Up to `limit` keys read within `withinMs`, the most recently read first. */
  recent(limit: number, withinMs: number): Promise<string[]>;
  close(): Promise<void>;
}

/** In this process (no REDIS_URL): the keys in order of their last read, bounded. */
export class MemoryReadLog implements ReadLog {
  private readonly lastRead = new Map<string, number>();

  constructor(private readonly maxKeys: number, private readonly now: () => number = Date.now) {}

  note(keys: readonly string[]): void {
    const at = this.now();
    for (const key of keys) {
      // Deleted first so the Map's order stays the order of last reads.
      this.lastRead.delete(key);
      this.lastRead.set(key, at);
    }
    for (const key of this.lastRead.keys()) {
      if (this.lastRead.size <= this.maxKeys) break;
      this.lastRead.delete(key);
    }
  }

  async recent(limit: number, withinMs: number): Promise<string[]> {
    const since = this.now() - withinMs;
    const keys = [...this.lastRead].reverse();
    const out: string[] = [];
    for (const [key, at] of keys) {
      if (at < since || out.length >= limit) break;
      out.push(key);
    }
    return out;
  }

  async close(): Promise<void> {
    this.lastRead.clear();
  }
}

/** On Redis: one sorted set per kind, key → time of its last read (any instance's). */
export class RedisReadLog implements ReadLog {
  private pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly maxKeys: number,
    flushMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  note(keys: readonly string[]): void {
    const at = this.now();
    for (const key of keys) this.pending.set(key, at);
  }

  /** Sends what was noted; a failure drops it (the next reads note the keys again). */
  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    const args: (string | number)[] = [];
    for (const [key, at] of batch) args.push(at, key);
    try {
      await this.redis.multi()
        .zadd(this.key, 'GT', ...args)
        .zremrangebyrank(this.key, 0, -(this.maxKeys + 1))
        .exec();
    } catch {
      // Redis is down: reads are served from the department meanwhile, and refreshing waits too.
    }
  }

  async recent(limit: number, withinMs: number): Promise<string[]> {
    await this.flush();
    return this.redis.zrevrangebyscore(this.key, '+inf', this.now() - withinMs, 'LIMIT', 0, limit);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
