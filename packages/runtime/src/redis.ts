import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';

/**
 * 连接 Redis: every Redis client of every part is made here, from REDIS_URL, so that a deployment
 * chooses a plain server or Redis Sentinel (high availability) in one setting:
 *
 * - `redis://[[user]:password@]host:port[/db]` or `rediss://…` (TLS): one server, as ioredis reads it;
 * - `redis+sentinel://[[user]:password@]sentinel1:26379[,sentinel2:26379…]/<master name>[/db]`
 *   (`rediss+sentinel://` for TLS): ioredis asks the sentinels where the master is, and follows a
 *   failover. The password is the master's; the sentinels take `?sentinelPassword=…` when they
 *   have one of their own.
 *
 * Redis Cluster is not offered: the cache and the access-record spool use commands over several
 * keys at once, which a cluster refuses across hash slots.
 */
const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]+)\/([^/?]+)(?:\/(\d+))?\/?(?:\?(.*))?$/;

/** The connection options of a REDIS_URL: a URL ioredis reads itself, or Sentinel options. */
export function redisConnectionOf(url: string): string | RedisOptions {
  const m = SENTINEL.exec(url);
  if (!m) return url;
  const [, scheme, username, password, hosts, name, db, query] = m;
  const params = new URLSearchParams(query ?? '');
  const sentinels = hosts.split(',').map((h) => {
    const at = h.lastIndexOf(':');
    return at > 0 ? { host: h.slice(0, at), port: Number(h.slice(at + 1)) } : { host: h, port: 26379 };
  });
  const decode = (v: string | undefined) => (v ? decodeURIComponent(v) : undefined);
  return {
    sentinels,
    name: decodeURIComponent(name),
    db: db ? Number(db) : undefined,
    username: decode(username),
    password: decode(password),
    sentinelPassword: params.get('sentinelPassword') ?? undefined,
    ...(scheme === 'rediss' ? { tls: {}, enableTLSForSentinelMode: true } : {}),
  };
}

/** A Redis client for REDIS_URL (plain or Sentinel) with these options. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const connection = redisConnectionOf(url);
  return typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...options, ...connection });
}

const REDIS_URL = /^rediss?:\/\/|^rediss?\+sentinel:\/\/[^/]+\/[^/?]+/;

/** The REDIS_URL setting, where a part has one. */
export const redisUrlField = () => z.string()
  .regex(REDIS_URL, 'must be a redis://, rediss:// or redis+sentinel://<sentinel host:port,…>/<master name> URL')
  .optional()
  .describe('Redis shared by every instance (caches, persisted queries, access records waiting for services, rate limits): redis://host:6379, rediss:// for TLS, or redis+sentinel://sentinel1:26379,sentinel2:26379/<master name> for Redis Sentinel; unset = in this process only');
