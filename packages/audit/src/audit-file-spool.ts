import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '@district/runtime';
import type { AccessRecordInput } from './audit-record.ts';
import type { RecordSpool, TakenRecords } from './audit-spool.ts';

/**
 * Access records waiting in a local append-only file (待写访问记录文件), for a gateway without Redis:
 * one JSON line per record, appended with one write(2) before the response is sent, so a process
 * killed right after (SIGKILL included) leaves it in the file; the kernel writes it to disk, and
 * `fdatasync` every SYNC_INTERVAL_MS bounds what a power cut could take. Beside it,
 * `<file>.written` holds the byte offset up to which records are in the store: a restart writes
 * what lies past it. Once every record is written the file is emptied (the offset set to 0
 * first: a crash in between sends some records again, which the store takes once, by request id —
 * never one lost). One process per file (a second gateway on the machine needs its own).
 */
export const SYNC_INTERVAL_MS = 200;

interface Waiting {
  record: AccessRecordInput;
  /** Byte offset just past its line. */
  end: number;
}

export function createFileSpool(o: { path: string; logger: Logger }): RecordSpool {
  const markPath = `${o.path}.written`;
  mkdirSync(dirname(o.path), { recursive: true });
  const waiting = recover(o.path, markPath, o.logger);
  const fd = openSync(o.path, 'a');
  let size = readSize(o.path);
  let dirty = false;
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    try {
      fdatasyncSync(fd);
    } catch (error) {
      o.logger.error({ reason: (error as Error).message }, 'access record file could not be synced to disk');
    }
  }, SYNC_INTERVAL_MS);
  timer.unref();

  const setMark = (offset: number) => {
    writeFileSync(`${markPath}.tmp`, String(offset));
    renameSync(`${markPath}.tmp`, markPath);
  };

  return {
    kind: 'file',
    durable: true,
    async hold(records) {
      if (!records.length) return;
      const text = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      // Synchronous: nothing interleaves between the write and the offsets noted for it.
      writeSync(fd, text);
      dirty = true;
      let at = size;
      for (const record of records) {
        at += Buffer.byteLength(`${JSON.stringify(record)}\n`);
        waiting.push({ record, end: at });
      }
      size = at;
    },
    async take(n): Promise<TakenRecords | null> {
      if (!waiting.length) return null;
      const batch = waiting.slice(0, n);
      return {
        records: batch.map((w) => w.record),
        written: async () => {
          waiting.splice(0, batch.length);
          if (waiting.length) return setMark(batch.at(-1)!.end);
          // All written: empty the file. The mark first (see above).
          setMark(0);
          ftruncateSync(fd, 0);
          size = 0;
        },
      };
    },
    size: async () => waiting.length,
    async close() {
      clearInterval(timer);
      try {
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (waiting.length) o.logger.warn({ queued: waiting.length }, 'stopping with access records waiting in the local file: the next start writes them');
    },
  };
}

const readSize = (path: string): number => (existsSync(path) ? readFileSync(path).length : 0);

/**
 * The records past the written mark, in order. A last line cut short by a crash mid-write is cut
 * off (its response was never sent); an unreadable line is skipped, loudly.
 */
function recover(path: string, markPath: string, logger: Logger): Waiting[] {
  if (!existsSync(path)) return [];
  const bytes = readFileSync(path);
  let mark = existsSync(markPath) ? Number(readFileSync(markPath, 'utf8')) : 0;
  if (!Number.isInteger(mark) || mark < 0 || mark > bytes.length) mark = 0;
  const complete = bytes.lastIndexOf(0x0a) + 1;
  if (complete < bytes.length) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, complete);
    } finally {
      closeSync(fd);
    }
    logger.warn({ bytes: bytes.length - complete }, 'access record file ended in a line cut short: cut off');
  }
  const out: Waiting[] = [];
  let at = mark;
  while (at < complete) {
    const end = bytes.indexOf(0x0a, at) + 1;
    const line = bytes.subarray(at, end - 1).toString('utf8');
    try {
      out.push({ record: JSON.parse(line) as AccessRecordInput, end });
    } catch {
      logger.error({ offset: at }, 'an access record in the local file is not readable: skipped');
    }
    at = end;
  }
  if (out.length) logger.warn({ queued: out.length }, 'access records left in the local file by the last run: writing them');
  return out;
}
