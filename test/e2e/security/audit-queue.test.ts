import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import type { RunningServices } from '@district/subgraph-services/server';
import { verifyChain } from '@district/subgraph-services/store/audit';
import { dropCachePrefix, startStack, type Stack } from '../../src/stack.ts';
import { killAll, startPart, type PartProcess } from '../../src/processes.ts';
import { LIFECYCLE_QUERY, SAMPLE_USCC } from '../../src/samples.ts';

/**
 * Access records waiting for services outlive the gateway: held in Redis (REDIS_URL), or written
 * behind the response (AUDIT_WRITE_BEHIND, as deployed) from the local append-only file, so a
 * gateway killed with SIGKILL between holding them and the store writing them loses none — the
 * next gateway writes every one, once, and the hash chain stays valid. The gateway runs as a child
 * process (so it can be killed); services "goes down" behind a TCP relay the test switches off,
 * keeping its store. (Write-through without Redis keeps them in the gateway's memory by design.)
 */
const SPOOLS = [
  { spool: 'the local file, written behind', writeBehind: true, redis: false },
  ...(process.env.REDIS_URL ? [
    { spool: 'Redis, written behind', writeBehind: true, redis: true },
    { spool: 'Redis, written through', writeBehind: false, redis: true },
  ] : []),
];

describe.each(SPOOLS)('access records waiting for services in $spool, with a gateway killed meanwhile', ({ writeBehind, redis: withRedis }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-queue-'));
  const spoolFile = path.join(dir, 'access-records.jsonl');
  const childPrefix = `t:audit-queue:${process.pid}:${Date.now().toString(36)}:${writeBehind}`;
  let stack: Stack;
  let relay: net.Server;
  let servicesUp = false;
  const children: PartProcess[] = [];

  beforeAll(async () => {
    stack = await startStack();
    // Services as the gateway reaches it: refused connections while "down", relayed while up.
    const target = new URL(stack.subgraphs.services.url);
    relay = net.createServer((socket) => {
      if (!servicesUp) return socket.destroy();
      const upstream = net.connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    killAll(children);
    await new Promise((r) => relay?.close(r));
    await stack?.stop();
    await dropCachePrefix({ REDIS_URL: process.env.REDIS_URL, CACHE_PREFIX: childPrefix });
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a gateway as a child process over the stack's subgraphs (services behind the relay). */
  function startGateway(): Promise<PartProcess> {
    const env: NodeJS.ProcessEnv = {
      ...process.env, ...stack.env, ...stack.routes,
      SUBGRAPH_SERVICES_URL: `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}/`,
      GATEWAY_PORT: '0',
      AUDIT_WRITE_BEHIND: String(writeBehind),
      AUDIT_SPOOL_FILE: spoolFile,
      // A prefix of their own: the stack's own gateway shares the Redis, and would otherwise take
      // the records from the same stream and write them to services past the relay.
      CACHE_PREFIX: childPrefix,
    };
    if (!withRedis) delete env.REDIS_URL;
    const started = startPart('gateway/src/main.ts', env, /gateway (http:\/\/\S+)\/graphql/);
    void started.then((p) => children.push(p));
    return started;
  }

  const db = () => (stack.subgraphs.services as RunningServices).db;
  const recordedFor = async (clientIds: string[]) =>
    db().query<{ client_request_id: string; outcome: string }>('SELECT client_request_id, outcome FROM access_record WHERE client_request_id = ANY($1::text[]) ORDER BY seq', [clientIds]);

  it('writes every record exactly once after the gateway was killed with SIGKILL and started again', async () => {
    const first = await startGateway();
    const run = Date.now().toString(36);
    const read = Array.from({ length: 4 }, (_, i) => `queued-read-${run}-${i}`);
    const refused = `queued-refused-${run}`;
    for (const id of read) {
      const res = await fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await stack.authHeaders()), 'x-request-id': id },
        body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.healthy } }),
      });
      expect(res.status, id).toBe(200);
      await res.arrayBuffer();
    }
    const unauthenticated = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': refused },
      body: JSON.stringify({ query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC.troubled } }),
    });
    expect(unauthenticated.status).toBe(401);

    // Every record is held (in Redis, or in the file), none in the store, before the gateway dies.
    if (withRedis) {
      const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await redis.connect();
      try {
        await vi.waitFor(async () => expect(await redis.xlen(`${childPrefix}:audit:gateway`), first.output()).toBe(5), { timeout: 20_000, interval: 100 });
      } finally {
        redis.disconnect();
      }
    } else {
      // The reads were held before their responses were sent; the refusal is recorded after its answer.
      await vi.waitFor(() => expect(readFileSync(spoolFile, 'utf8').trim().split('\n'), first.output()).toHaveLength(5), { timeout: 20_000, interval: 100 });
    }
    expect(await recordedFor([...read, refused])).toEqual([]);

    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startGateway();
    servicesUp = true;
    // The next gateway writes them (those the killed one had taken, once their lease ran out).
    await vi.waitFor(async () => expect(await recordedFor([...read, refused]), second.output()).toHaveLength(5), { timeout: 45_000, interval: 250 });
    const rows = await recordedFor([...read, refused]);
    expect(rows.map((r) => r.client_request_id).sort()).toEqual([...read, refused].sort());
    expect(rows.find((r) => r.client_request_id === refused)?.outcome).toBe('DENIED');
    expect(await verifyChain(db())).toMatchObject({ ok: true });

    // And only once, however often they are retried from here on.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await recordedFor([...read, refused])).toHaveLength(5);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
