import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, verifyContext } from '@district/runtime';
import type { AccessRecordInput } from './audit-record.ts';
import { createAccessRecordWriter, sendRecordsTo } from './audit-writer.ts';
import { createRefusalAuditor, usccsIn } from './audit-refusals.ts';
import { POLL } from '@district/runtime/polling';

const logger = { info() {}, warn() {}, error() {}, debug() {} } as any;
const record = (requestId: string): AccessRecordInput => ({
  at: new Date().toISOString(), requestId, who: 'x', role: 'auditor', purpose: 'AUDIT', caseId: null,
  departments: [], subjects: [], fields: ['Query.enterprise'], outcome: 'OK',
});

describe('the access record writer', () => {
  it('sends a lone record at once, and gathers what arrives meanwhile into the next write', async () => {
    const calls: string[][] = [];
    let release!: () => void;
    const writer = createAccessRecordWriter({ logger, send: async (records) => {
      calls.push(records.map((r) => r.requestId));
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
    } });
    const first = writer.write(record('r1'));
    const rest = ['r2', 'r3', 'r4'].map((id) => writer.write(record(id)));
    expect(calls).toEqual([['r1']]);
    release();
    await Promise.all([first, ...rest]);
    expect(calls).toEqual([['r1'], ['r2', 'r3', 'r4']]);
    await writer.stop();
  });

  it('never puts more than maxBatch records in one write, and keeps their order', async () => {
    const calls: string[][] = [];
    const writer = createAccessRecordWriter({ logger, maxBatch: 2, send: async (records) => { calls.push(records.map((r) => r.requestId)); } });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => writer.write(record(id))));
    expect(calls.flat()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(2);
    await writer.stop();
  });

  it('lets a response go when the store is down, and writes the queue in order once it is back', async () => {
    let up = false;
    const written: string[] = [];
    const writer = createAccessRecordWriter({ logger, retryIntervalMs: 60_000, send: async (records) => {
      if (!up) throw new Error('unreachable');
      written.push(...records.map((r) => r.requestId));
    } });
    await writer.write(record('r1'));
    await writer.write(record('r2'));
    expect(await writer.queued()).toBe(2);
    up = true;
    await writer.write(record('r3'));
    await writer.flush();
    expect(written).toEqual(['r1', 'r2', 'r3']);
    expect(await writer.queued()).toBe(0);
    await writer.stop();
  });

  it('drops the oldest beyond maxQueue, saying so without naming anyone', async () => {
    const errors: unknown[] = [];
    const writer = createAccessRecordWriter({ logger: { ...logger, error: (o: unknown) => errors.push(o) }, maxQueue: 2, retryIntervalMs: 60_000, send: async () => { throw new Error('down'); } });
    for (const id of ['a', 'b', 'c']) await writer.write(record(id));
    expect(await writer.queued()).toBe(2);
    expect(errors).toEqual([expect.objectContaining({ dropped: 1, firstRequestId: 'a' })]);
    await writer.stop();
  });
});

describe('refused requests on the record', () => {
  it('records a refusal as DENIED, and beyond the rate only counts them, in one record of its own', async () => {
    const sent: AccessRecordInput[] = [];
    const writer = createAccessRecordWriter({ logger, send: async (records) => { sent.push(...records); } });
    const refuse = createRefusalAuditor({ writer, logger, perSecond: 3 });
    for (let i = 0; i < 10; i++) refuse({ requestId: `refused-${String(i).padStart(4, '0')}`, departments: ['TAX'] });
    // The count of the suppressed ones is written when the one-second window closes.
    await vi.waitFor(async () => { await writer.flush(); expect(sent).toHaveLength(4); }, POLL);
    expect(sent.slice(0, 3).map((r) => [r.requestId, r.role, r.outcome, r.departments])).toEqual([
      ['refused-0000', 'unauthenticated', 'DENIED', ['TAX']], ['refused-0001', 'unauthenticated', 'DENIED', ['TAX']], ['refused-0002', 'unauthenticated', 'DENIED', ['TAX']],
    ]);
    expect(sent).toHaveLength(4);
    expect(sent[3]).toMatchObject({ who: 'suppressed:7', outcome: 'DENIED' });
    await writer.stop();
  });

  it('finds the valid USCCs a request named, and nothing else', () => {
    expect(usccsIn('{ enterprise(uscc: "91370212ma3c12346x") } "91370212MA3C12346Y" 370212198001011235 91370212MA3C12346X')).toEqual(['91370212MA3C12346X']);
    expect(usccsIn(undefined)).toEqual([]);
  });
});

describe('sending records to services', () => {
  /** A services stand-in: answers recordAccesses as the test says, records what it was sent. */
  async function services(answer: (inputs: unknown[]) => { status?: number; body: string } | null) {
    const seen: { headers: IncomingHttpHeaders; body: any }[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw);
        seen.push({ headers: req.headers, body });
        const a = answer(body.variables.inputs);
        if (!a) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end(a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    return { url, seen, close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); } };
  }

  it('sends them in one recordAccesses call, signed as role system for its sub, under the first record\'s request id', async () => {
    const s = await services((inputs) => ({ body: JSON.stringify({ data: { recordAccesses: inputs.map((_, i) => ({ seq: i + 1 })) } }) }));
    try {
      await sendRecordsTo({ url: () => s.url, contextKey: DEV_CONTEXT_KEY, sub: 'gateway' })([record('r-1'), record('r-2')]);
      expect(s.seen).toHaveLength(1);
      expect(s.seen[0].headers['x-request-id']).toBe('r-1');
      expect(await verifyContext(String(s.seen[0].headers[CONTEXT_HEADER]), DEV_CONTEXT_KEY)).toMatchObject({ role: 'system', sub: 'gateway', requestId: 'r-1' });
      expect(s.seen[0].body.query).toContain('recordAccesses(inputs: $inputs)');
      expect(s.seen[0].body.variables.inputs.map((r: AccessRecordInput) => r.requestId)).toEqual(['r-1', 'r-2']);
    } finally {
      await s.close();
    }
  });

  it('fails, naming why, when services refuses them, answers no JSON, or does not answer in time', async () => {
    let reply: { status?: number; body: string } | null = { body: '{"errors":[{"message":"no","extensions":{"code":"FORBIDDEN"}}]}' };
    const s = await services(() => reply);
    const send = sendRecordsTo({ url: s.url, contextKey: DEV_CONTEXT_KEY, sub: 'tax', timeoutMs: 300 });
    try {
      await expect(send([record('r-3')])).rejects.toThrow('services refused the records (FORBIDDEN)');
      reply = { status: 502, body: '<html>bad gateway</html>' };
      await expect(send([record('r-4')])).rejects.toThrow('services refused the records (502)');
      reply = null;
      await expect(send([record('r-5')])).rejects.toThrow('timeout');
    } finally {
      await s.close();
    }
  });
});
