import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createRedis, redisConnectionOf, redisUrlField } from './redis.ts';

describe('redisConnectionOf', () => {
  it('leaves a plain redis:// or rediss:// URL to ioredis', () => {
    expect(redisConnectionOf('redis://:pw@cache:6379/2')).toBe('redis://:pw@cache:6379/2');
    expect(redisConnectionOf('rediss://cache:6380')).toBe('rediss://cache:6380');
  });

  it('reads a Sentinel URL: the sentinels, the master name, the database and the passwords', () => {
    expect(redisConnectionOf('redis+sentinel://:s%40cret@sentinel-0:26379,sentinel-1:26380,sentinel-2/district/1?sentinelPassword=sp')).toEqual({
      sentinels: [{ host: 'sentinel-0', port: 26379 }, { host: 'sentinel-1', port: 26380 }, { host: 'sentinel-2', port: 26379 }],
      name: 'district', db: 1, username: undefined, password: 's@cret', sentinelPassword: 'sp',
    });
    expect(redisConnectionOf('rediss+sentinel://s:26379/m')).toMatchObject({ name: 'm', tls: {}, enableTLSForSentinelMode: true });
  });

  it('the setting accepts those and says what it must be otherwise', () => {
    const field = redisUrlField();
    for (const ok of ['redis://127.0.0.1:6379', 'rediss://cache', 'redis+sentinel://a:26379,b:26379/mymaster']) expect(field.safeParse(ok).success, ok).toBe(true);
    const bad = field.safeParse('http://cache:6379');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/must be a redis:\/\/, rediss:\/\/ or redis\+sentinel:\/\//);
    expect(field.safeParse('redis+sentinel://a:26379').success).toBe(false);
  });
});

/**
 * A real sentinel (redis-server --sentinel) watching the test Redis as master: a client made from
 * a redis+sentinel:// URL finds the master through it and reads and writes there.
 */
const master = process.env.REDIS_URL ? new URL(process.env.REDIS_URL) : undefined;
const withSentinel = master ? describe : describe.skip;

withSentinel('createRedis through Redis Sentinel', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sentinel-'));
  let sentinel: ChildProcess | undefined;
  afterAll(() => {
    sentinel?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the master by name and uses it', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    const name = `district-test-${process.pid}`;
    const conf = path.join(dir, 'sentinel.conf');
    writeFileSync(conf, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor ${name} ${master!.hostname} ${master!.port || 6379} 1\n`);
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const key = `t:sentinel:${process.pid}`;
    const listening = () => new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(); }).once('error', reject);
    });
    await vi.waitFor(listening, { timeout: 20_000, interval: 100 });
    const client = createRedis(`redis+sentinel://127.0.0.1:${port}/${name}`, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await client.connect();
      await client.set(key, 'through the sentinel', 'EX', 60);
      const direct = createRedis(process.env.REDIS_URL!);
      try {
        expect(await direct.get(key)).toBe('through the sentinel');
      } finally {
        await direct.del(key);
        direct.disconnect();
      }
    } finally {
      client.disconnect();
    }
  }, 60_000);
});
