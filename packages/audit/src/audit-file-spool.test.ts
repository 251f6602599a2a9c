import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessRecordInput } from './audit-record.ts';
import { createFileSpool } from './audit-file-spool.ts';
import { createAccessRecordWriter } from './audit-writer.ts';

const logger = { info() {}, warn() {}, error() {}, debug() {} } as any;
const record = (requestId: string): AccessRecordInput => ({
  at: new Date().toISOString(), requestId, who: 'x', role: 'auditor', purpose: 'AUDIT', caseId: null,
  departments: [], subjects: [], fields: ['Query.enterprise'], outcome: 'OK',
});
const dir = mkdtempSync(path.join(tmpdir(), 'audit-file-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => path.join(dir, `spool-${++files}.jsonl`);
const ids = (records: AccessRecordInput[] | undefined) => (records ?? []).map((r) => r.requestId);

describe('the local access record file', () => {
  it('gives back what it holds in order, and is emptied once all is written', async () => {
    const file = newFile();
    const spool = createFileSpool({ path: file, logger });
    await spool.hold([record('a'), record('b')]);
    await spool.hold([record('c')]);
    const first = await spool.take(2);
    expect(ids(first?.records)).toEqual(['a', 'b']);
    await first!.written();
    expect(await spool.size()).toBe(1);
    const second = await spool.take(10);
    expect(ids(second?.records)).toEqual(['c']);
    await second!.written();
    expect(await spool.take(10)).toBeNull();
    expect(readFileSync(file, 'utf8')).toBe('');
    await spool.close();
  });

  it('keeps, for the next start, what a process left unwritten when it died', async () => {
    const file = newFile();
    const before = createFileSpool({ path: file, logger });
    await before.hold([record('a'), record('b'), record('c')]);
    const taken = await before.take(1);
    await taken!.written();
    await before.take(2); // taken, never written: the process "dies" here (no close)
    const after = createFileSpool({ path: file, logger });
    expect(await after.size()).toBe(2);
    expect(ids((await after.take(10))?.records)).toEqual(['b', 'c']);
    await after.close();
  });

  it('cuts off a last line a crash left half written, and appends after it cleanly', async () => {
    const file = newFile();
    const before = createFileSpool({ path: file, logger });
    await before.hold([record('a')]);
    appendFileSync(file, '{"requestId":"half');
    const after = createFileSpool({ path: file, logger });
    await after.hold([record('b')]);
    expect(ids((await after.take(10))?.records)).toEqual(['a', 'b']);
    const again = createFileSpool({ path: file, logger });
    expect(ids((await again.take(10))?.records)).toEqual(['a', 'b']);
    await again.close();
  });
});

describe('the writer, writing behind a durable spool', () => {
  it('answers once the record is held, before the store has it, and writes it behind', async () => {
    const file = newFile();
    let release!: () => void;
    const storeUp = new Promise<void>((r) => (release = r));
    const stored: string[] = [];
    const writer = createAccessRecordWriter({ logger, writeBehind: true, spool: createFileSpool({ path: file, logger }), send: async (records) => {
      await storeUp;
      stored.push(...ids(records));
    } });
    await writer.write(record('r1')); // resolves while the store still waits
    expect(stored).toEqual([]);
    expect(readFileSync(file, 'utf8')).toContain('"requestId":"r1"');
    await writer.write(record('r2'));
    release();
    await expect.poll(() => stored, { timeout: 5_000 }).toEqual(['r1', 'r2']);
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 5_000 }).toBe('');
    await writer.stop();
  });

  it('gathers what arrives while a batch is being written into the next one', async () => {
    const calls: string[][] = [];
    let release!: () => void;
    const writer = createAccessRecordWriter({ logger, writeBehind: true, spool: createFileSpool({ path: newFile(), logger }), send: async (records) => {
      calls.push(ids(records));
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
    } });
    await writer.write(record('a'));
    await expect.poll(() => calls.length).toBe(1);
    for (const id of ['b', 'c', 'd']) await writer.write(record(id));
    release();
    await expect.poll(() => calls, { timeout: 5_000 }).toEqual([['a'], ['b', 'c', 'd']]);
    await writer.stop();
  });

  it('keeps the records when the store fails, and writes them in order once it is back', async () => {
    const file = newFile();
    let up = false;
    const stored: string[] = [];
    const writer = createAccessRecordWriter({ logger, writeBehind: true, retryIntervalMs: 50, spool: createFileSpool({ path: file, logger }), send: async (records) => {
      if (!up) throw new Error('unreachable');
      stored.push(...ids(records));
    } });
    await writer.write(record('r1'));
    await writer.write(record('r2'));
    await expect.poll(() => writer.queued()).toBe(2);
    up = true;
    await writer.write(record('r3'));
    await expect.poll(() => stored, { timeout: 5_000 }).toEqual(['r1', 'r2', 'r3']);
    await writer.stop();
    expect(existsSync(file)).toBe(true);
  });

  it('refuses to write behind a spool that would not outlive the process', () => {
    expect(() => createAccessRecordWriter({ logger, writeBehind: true, send: async () => undefined })).toThrow(/durable spool/);
  });
});
