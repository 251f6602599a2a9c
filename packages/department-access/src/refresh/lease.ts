import type { Redis } from 'ioredis';

/**
 * Who refreshes a department (刷新租约): one instance at a time, so several instances refresh once,
 * within one budget. Without Redis there is one instance, and it always holds it.
 */
export interface RefreshLease {
  /** Whether this instance holds the lease now (taking or renewing it). */
  holds(): Promise<boolean>;
  release(): Promise<void>;
}

export const alwaysHeld: RefreshLease = { holds: async () => true, release: async () => undefined };

// Renew when ours, take when free: one round trip, atomic.
const TAKE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A lease in Redis: `key` holds the holder's id for `ttlMs`, renewed on every check. A holder that
 * dies stops renewing, and another instance takes over within `ttlMs`.
 */
export class RedisLease implements RefreshLease {
  constructor(private readonly redis: Redis, private readonly key: string, private readonly holder: string, private readonly ttlMs: number) {}

  async holds(): Promise<boolean> {
    try {
      return (await this.redis.eval(TAKE_OR_RENEW, 1, this.key, this.holder, this.ttlMs)) === 1;
    } catch {
      // Redis unreachable: nobody can tell who refreshes, so nobody does (reads still work, from the department).
      return false;
    }
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.holder).catch(() => undefined);
  }
}
