import { afterAll, describe, expect, it } from 'vitest';
import type { AccessRecordInput } from './audit-record.ts';
import { createAccessRecordWriter, type SendRecords } from './audit-writer.ts';
import { createRedisSpool } from './audit-spool.ts';
import { adminClient, cleanRedis, REDIS_URL, RUN_PREFIX } from '@district/department-access/cache/test-kit';

const logger = { info() {}, warn() {}, error() {}, debug() {} } as any;
const record = (requestId: string): AccessRecordInput => ({
  at: new Date().toISOString(), requestId, who: 'x', role: 'auditor', purpose: 'AUDIT', caseId: null,
  departments: [], subjects: [], fields: ['Query.enterprise'], outcome: 'OK',
});
let runs = 0;
const prefix = () => `${RUN_PREFIX}:spool:${++runs}`;

/** A services store stand-in: down until `up`, then it keeps every record it is sent, in order. */
function store() {
  const s = { up: false, sent: [] as string[], send: (async (records) => {
    if (!s.up) throw new Error('unreachable');
    s.sent.push(...records.map((r) => r.requestId));
  }) as SendRecords };
  return s;
}

describe('access records waiting in memory while Redis is unreachable', () => {
  it('holds them in memory and still writes them, in order', async () => {
    const target = store();
    const spool = createRedisSpool({ url: 'redis://127.0.0.1:1', prefix: prefix(), name: 'gateway', logger });
    const writer = createAccessRecordWriter({ logger, send: target.send, spool, retryIntervalMs: 60_000 });
    for (const id of ['m-1', 'm-2', 'm-3']) await writer.write(record(id));
    expect(await writer.queued()).toBe(3);
    target.up = true;
    await writer.flush();
    expect(target.sent).toEqual(['m-1', 'm-2', 'm-3']);
    expect(await writer.queued()).toBe(0);
    await writer.stop();
  });
});

describe.runIf(REDIS_URL)('access records waiting in Redis (needs REDIS_URL)', () => {
  afterAll(() => cleanRedis());

  it('holds the records services could not take in Redis, where a new instance writes them', async () => {
    const p = prefix();
    const target = store();
    const first = createAccessRecordWriter({ logger, send: target.send, spool: createRedisSpool({ url: REDIS_URL!, prefix: p, name: 'gateway', logger }), retryIntervalMs: 60_000 });
    for (const id of ['r-1', 'r-2', 'r-3']) await first.write(record(id));
    const redis = await adminClient();
    try {
      expect(await redis.xlen(`${p}:audit:gateway`)).toBe(3);
    } finally {
      redis.disconnect();
    }
    // The instance stops without writing them (its last try fails too), and hands back what it
    // took; the next one, services back, writes each once, at once.
    await first.stop();
    target.up = true;
    const next = createAccessRecordWriter({ logger, send: target.send, spool: createRedisSpool({ url: REDIS_URL!, prefix: p, name: 'gateway', logger }), retryIntervalMs: 60_000 });
    await next.flush();
    expect(target.sent).toEqual(['r-1', 'r-2', 'r-3']);
    expect(await next.queued()).toBe(0);
    await next.stop();
  });

  it('takes over a batch an instance took and never wrote, once it has lain past the lease', async () => {
    const p = prefix();
    const target = store();
    const dead = createAccessRecordWriter({ logger, send: target.send, spool: createRedisSpool({ url: REDIS_URL!, prefix: p, name: 'gateway', logger }), retryIntervalMs: 60_000 });
    for (const id of ['t-1', 't-2']) await dead.write(record(id));
    // It takes them for writing, fails, and dies (no stop: killed) with them still its own.
    await dead.flush();
    target.up = true;
    const alive = createAccessRecordWriter({ logger, send: target.send, spool: createRedisSpool({ url: REDIS_URL!, prefix: p, name: 'gateway', logger, leaseMs: 200 }), retryIntervalMs: 60_000 });
    await alive.flush();
    expect(target.sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
    await alive.flush();
    expect(target.sent).toEqual(['t-1', 't-2']);
    expect(await alive.queued()).toBe(0);
    await alive.stop();
    await dead.stop();
    expect(target.sent).toEqual(['t-1', 't-2']);
  });

  it('lets several instances sharing one Redis write every waiting record exactly once', async () => {
    const p = prefix();
    const target = store();
    const writers = Array.from({ length: 3 }, () => createAccessRecordWriter({ logger, send: target.send, maxBatch: 7, spool: createRedisSpool({ url: REDIS_URL!, prefix: p, name: 'gateway', logger }), retryIntervalMs: 60_000 }));
    const ids = Array.from({ length: 90 }, (_, i) => `s-${String(i).padStart(3, '0')}`);
    await Promise.all(ids.map((id, i) => writers[i % 3].write(record(id))));
    expect(await writers[0].queued()).toBe(90);
    target.up = true;
    await Promise.all(writers.map((w) => w.flush()));
    expect([...target.sent].sort()).toEqual(ids);
    expect(await writers[1].queued()).toBe(0);
    await Promise.all(writers.map((w) => w.stop()));
  });
});
