import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AccessRecordInput } from './audit-record.ts';
import { createRedis, type Logger } from '@district/runtime';

/**
 * Where access records wait (待写访问记录) when the store cannot take them: in this process's
 * memory (development), or in Redis (REDIS_URL; required in production), where they outlive the
 * process — a gateway killed with SIGKILL while services is down loses none, and the next
 * instance writes them.
 *
 * On Redis the records of one writer kind (`name`: the gateway, or a subgraph recording refusals)
 * are one stream, `<prefix>:audit:<name>`, read through one consumer group by every instance
 * sharing that Redis. An instance takes a batch for writing (XREADGROUP: it is then that
 * instance's alone) and deletes it once written (XACK + XDEL); a batch it could not write stays
 * its own and is tried again first. A batch taken by an instance that died before writing it (or
 * before acknowledging it) is taken over by another once it has lain untouched for `leaseMs`
 * (XAUTOCLAIM). So no record is lost and none is taken twice while its taker lives; a batch
 * written but not acknowledged before a crash is sent again, which the store takes once
 * (`recordAccesses` appends by request id).
 */
export interface RecordSpool {
  readonly kind: 'memory' | 'redis' | 'file';
  /**
   * Whether what it holds outlives this process (Redis, the local file). The writer then holds
   * every record here first and answers at once, writing to the store behind (audit-writer.ts).
   */
  readonly durable: boolean;
  /** Keeps records, in order, until written; resolves once they are held (on Redis: durably, or in memory while Redis is down). */
  hold(records: AccessRecordInput[]): Promise<void>;
  /** Takes up to `max` waiting records for writing, the longest waiting first; null when none wait. */
  take(max: number): Promise<TakenRecords | null>;
  /** How many records wait (on Redis: for every instance sharing it). */
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface TakenRecords {
  records: AccessRecordInput[];
  /** Written: forget them. */
  written(): Promise<void>;
}

/** How long a batch taken by another instance may lie unacknowledged before this one takes it over. */
export const SPOOL_LEASE_MS = 5_000;
export const MEMORY_SPOOL_MAX = 10_000;
export const REDIS_SPOOL_MAX = 1_000_000;
const GROUP = 'writers';

/**
 * Records waiting in memory, oldest first, bounded: beyond `max` the oldest are dropped, loudly.
 * A batch taken for writing stays until written and is then removed by identity, so records
 * dropped or added meanwhile never shift what is removed.
 */
class MemoryQueue {
  readonly waiting: AccessRecordInput[] = [];
  constructor(private readonly max: number, private readonly logger: Logger, private readonly what: string) {}

  add(records: AccessRecordInput[]): void {
    this.waiting.push(...records);
    if (this.waiting.length <= this.max) return;
    const dropped = this.waiting.splice(0, this.waiting.length - this.max);
    this.logger.error({ dropped: dropped.length, firstRequestId: dropped[0]?.requestId, queued: this.waiting.length }, `${this.what} full: oldest records dropped`);
  }

  take(n: number): TakenRecords | null {
    if (!this.waiting.length) return null;
    const records = this.waiting.slice(0, n);
    return { records, written: async () => this.remove(records) };
  }

  remove(records: readonly AccessRecordInput[]): void {
    const gone = new Set(records);
    let kept = 0;
    for (const r of this.waiting) if (!gone.has(r)) this.waiting[kept++] = r;
    this.waiting.length = kept;
  }
}

/** In this process's memory: bounded, the oldest dropped beyond `max`, loudly. */
export function createMemorySpool(o: { logger: Logger; max?: number }): RecordSpool {
  const queue = new MemoryQueue(o.max ?? MEMORY_SPOOL_MAX, o.logger, 'access record queue');
  return {
    kind: 'memory',
    durable: false,
    hold: async (records) => queue.add(records),
    take: async (n) => queue.take(n),
    size: async () => queue.waiting.length,
    close: async () => undefined,
  };
}

export interface RedisSpoolOptions {
  url: string;
  /** The deployment's key prefix (CACHE_PREFIX). */
  prefix: string;
  /** Writer kind: instances of the same kind share one stream. */
  name: string;
  logger: Logger;
  leaseMs?: number;
  max?: number;
}

type StreamEntry = [id: string, fields: string[]];

/** On Redis, shared by every instance of the writer kind (see RecordSpool). */
export function createRedisSpool(o: RedisSpoolOptions): RecordSpool {
  const key = `${o.prefix}:audit:${o.name}`;
  const consumer = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = o.leaseMs ?? SPOOL_LEASE_MS;
  const max = o.max ?? REDIS_SPOOL_MAX;
  const redis = createRedis(o.url, {
    lazyConnect: true,
    // A command while disconnected fails at once: the record then waits in memory, not in a queue
    // of commands that might run later as well.
    enableOfflineQueue: false,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 1,
    connectionName: `${o.prefix}:audit:${o.name}`,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000),
  });
  let lost = false;
  redis.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    o.logger.warn({ err: { message: error.message, code: (error as { code?: string }).code }, key }, 'Redis connection for waiting access records lost; reconnecting');
  });
  redis.on('ready', () => { lost = false; });
  let connecting: Promise<void> | null = null;
  const connected = async () => {
    if (redis.status === 'ready') return;
    if (redis.status === 'wait') connecting ??= redis.connect().catch(() => undefined).finally(() => { connecting = null; });
    if (connecting) await connecting;
    if ((redis.status as string) !== 'ready') throw new Error(`Redis not ready (${redis.status})`);
  };
  // What could not reach Redis waits here, and goes to Redis first once it is back.
  const overflow = new MemoryQueue(max, o.logger, 'access records waiting for Redis');
  let groupReady = false;
  let claimFrom = '0-0';

  const ensureGroup = async () => {
    if (groupReady) return;
    try {
      await redis.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!/BUSYGROUP/.test((error as Error).message)) throw error;
    }
    groupReady = true;
  };

  /** Runs a command that needs the group, making it again if the stream was deleted meanwhile. */
  const withGroup = async <T>(command: () => Promise<T>): Promise<T> => {
    await ensureGroup();
    try {
      return await command();
    } catch (error) {
      if (!/NOGROUP/.test((error as Error).message)) throw error;
      groupReady = false;
      await ensureGroup();
      return command();
    }
  };

  const push = async (records: AccessRecordInput[]) => {
    await connected();
    await ensureGroup();
    const multi = redis.multi();
    for (const r of records) multi.xadd(key, '*', 'r', JSON.stringify(r));
    multi.xlen(key);
    const results = await multi.exec();
    if (!results) throw new Error('Redis transaction was not executed');
    for (const [error] of results) if (error) throw error;
    const length = Number(results.at(-1)![1]);
    if (length > max) {
      const dropped = await redis.xtrim(key, 'MAXLEN', max);
      o.logger.error({ dropped, queued: max, key }, 'access record queue full: oldest records dropped');
    }
  };

  /** Moves what waits in memory to Redis, in order; false while Redis cannot take it. */
  const drainOverflow = async (): Promise<boolean> => {
    const records = [...overflow.waiting];
    if (!records.length) return true;
    try {
      await push(records);
    } catch {
      return false;
    }
    overflow.remove(records);
    return true;
  };

  const parse = (entries: StreamEntry[]): { ids: string[]; records: AccessRecordInput[] } => {
    const ids: string[] = [];
    const records: AccessRecordInput[] = [];
    for (const [id, fields] of entries) {
      ids.push(id);
      try {
        records.push(JSON.parse(fields[fields.indexOf('r') + 1]) as AccessRecordInput);
      } catch {
        o.logger.error({ key, id }, 'a waiting access record in Redis is not readable: removed');
      }
    }
    return { ids, records };
  };

  const takeFromRedis = async (n: number): Promise<TakenRecords | null> => {
    if ((await redis.xlen(key)) === 0) return null;
    // Ours first (taken before and not written), then what a dead instance left, then new ones.
    const read = async (from: string) => {
      const reply = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', n, 'STREAMS', key, from)) as [string, StreamEntry[]][] | null;
      return (reply?.[0]?.[1] ?? []).filter(([, fields]) => fields !== null);
    };
    let entries = await withGroup(() => read('0'));
    if (!entries.length) {
      const [next, claimed] = (await withGroup(() => redis.xautoclaim(key, GROUP, consumer, leaseMs, claimFrom, 'COUNT', n))) as [string, StreamEntry[]];
      claimFrom = next;
      entries = claimed.filter((e) => e && e[1] !== null);
      if (entries.length) o.logger.warn({ key, claimed: entries.length }, 'access records another instance took and never wrote: taken over');
    }
    if (!entries.length) entries = await withGroup(() => read('>'));
    if (!entries.length) return null;
    const { ids, records } = parse(entries);
    const forget = async () => { await redis.multi().xack(key, GROUP, ...ids).xdel(key, ...ids).exec(); };
    if (!records.length) {
      await forget();
      return null;
    }
    return { records, written: forget };
  };

  return {
    kind: 'redis',
    durable: true,
    async hold(records) {
      if (!records.length) return;
      // Behind what already waits in memory, to keep the order; take() moves those to Redis.
      if (!overflow.waiting.length) {
        try {
          await push(records);
          return;
        } catch (error) {
          o.logger.warn({ key, held: records.length, reason: (error as Error).message }, 'Redis cannot hold the waiting access records: kept in memory until it can');
        }
      }
      overflow.add(records);
    },
    async take(n) {
      if (await drainOverflow()) {
        try {
          await connected();
          return await takeFromRedis(n);
        } catch (error) {
          // A lost connection is logged once, by the connection; anything else here.
          if (redis.status === 'ready') o.logger.warn({ key, reason: (error as Error).message }, 'waiting access records cannot be read from Redis');
          return null;
        }
      }
      // Redis is down: what waits in memory is still written, straight from here.
      return overflow.take(n);
    },
    async size() {
      try {
        await connected();
        return overflow.waiting.length + (await redis.xlen(key));
      } catch {
        return overflow.waiting.length;
      }
    },
    async close() {
      await drainOverflow();
      if (overflow.waiting.length) o.logger.error({ key, queued: overflow.waiting.length }, 'stopping with access records Redis could not hold: they are lost');
      if (redis.status !== 'ready') return redis.disconnect();
      try {
        // Records this instance took and could not write go back as new ones, for any instance to
        // take at once (not after the lease); then the consumer leaves the group.
        const reply = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', max, 'STREAMS', key, '0')) as [string, StreamEntry[]][] | null;
        const mine = (reply?.[0]?.[1] ?? []).filter(([, fields]) => fields !== null);
        if (mine.length) {
          const multi = redis.multi();
          for (const [, fields] of mine) multi.xadd(key, '*', ...fields);
          const ids = mine.map(([id]) => id);
          await multi.xack(key, GROUP, ...ids).xdel(key, ...ids).exec();
        }
        await redis.xgroup('DELCONSUMER', key, GROUP, consumer);
      } catch {
        // the stream or group is gone, or Redis with it: what is still ours is taken over after the lease
      }
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
