import { request } from 'undici';
import type { AccessRecordInput } from './audit-record.ts';
import { systemCaller } from './caller.ts';
import type { Logger } from './logger.ts';
import { CONTEXT_HEADER, createContextSigner } from './request-context.ts';

/**
 * Writes access records (访问记录) to the services store, in arrival order, as group commits: while
 * one batch is being written, the records that arrive meanwhile gather and go together in the
 * next one (at most `maxBatch`). At low load a record goes alone at once; under load one write
 * carries many, so the chain's single writer is no longer a per-request cost.
 *
 * A caller's `write` resolves when its record is written, or — when services cannot take it
 * within `writeTimeoutMs` — when it has been queued for retry: the response is never held
 * hostage to the audit store, and no record is silently lost. Queued records are retried in
 * order (every `retryIntervalMs`) and new ones wait behind them, so the chain keeps request
 * order. Beyond `maxQueue` the oldest are dropped, loudly (an operator must act). Logs carry
 * request ids and counts, never subjects or fields.
 */
export interface AccessRecordWriter {
  write(record: AccessRecordInput): Promise<void>;
  /** Records waiting to be written (after a failure). */
  queued(): number;
  /** Tries to write every queued record now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export type SendRecords = (records: AccessRecordInput[]) => Promise<void>;

export interface AccessRecordWriterOptions {
  send: SendRecords;
  logger: Logger;
  maxBatch?: number;
  maxQueue?: number;
  retryIntervalMs?: number;
}

interface Entry {
  record: AccessRecordInput;
  done?: () => void;
}

export function createAccessRecordWriter(o: AccessRecordWriterOptions): AccessRecordWriter {
  const maxBatch = o.maxBatch ?? 200;
  const maxQueue = o.maxQueue ?? 10_000;
  const queue: Entry[] = [];
  let draining: Promise<void> | null = null;
  // After a failed write, new records queue behind the old ones without waiting for services.
  let failing = false;

  const release = (entries: Entry[]) => {
    for (const e of entries) e.done?.();
  };

  const drain = (): Promise<void> => {
    draining ??= (async () => {
      try {
        while (queue.length) {
          const batch = queue.slice(0, maxBatch);
          try {
            await o.send(batch.map((e) => e.record));
          } catch (error) {
            failing = true;
            const waiting = queue.filter((e) => e.done);
            o.logger.warn({ requestId: batch[0].record.requestId, queued: queue.length, reason: reasonOf(error) }, 'access records not written yet: queued for retry');
            release(waiting);
            for (const e of waiting) delete e.done;
            return;
          }
          queue.splice(0, batch.length);
          failing = false;
          release(batch);
        }
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  const timer = setInterval(() => { if (queue.length && !draining) void drain(); }, o.retryIntervalMs ?? 2_000);
  timer.unref();

  const trim = () => {
    if (queue.length <= maxQueue) return;
    const dropped = queue.splice(0, queue.length - maxQueue);
    release(dropped);
    o.logger.error({ dropped: dropped.length, firstRequestId: dropped[0]?.record.requestId, queued: queue.length }, 'access record queue full: oldest records dropped');
  };

  return {
    write(record) {
      if (failing) {
        queue.push({ record });
        trim();
        return Promise.resolve();
      }
      const written = new Promise<void>((done) => queue.push({ record, done }));
      trim();
      // Whatever arrives while a batch is in flight rides in the next one.
      if (!draining) void drain();
      return written;
    },
    queued: () => (failing ? queue.length : 0),
    flush: () => (queue.length ? drain() : Promise.resolve()),
    async stop() {
      clearInterval(timer);
      if (draining) await draining;
      if (queue.length) await drain();
      if (queue.length) o.logger.error({ queued: queue.length }, 'stopping with access records not written');
    },
  };
}

function reasonOf(error: unknown): string {
  const e = error as { name?: string; message?: string };
  if (e?.name === 'TimeoutError') return 'timeout';
  return /refused the records/.test(e?.message ?? '') ? e!.message! : 'unreachable';
}

const RECORD_MUTATION = 'mutation RecordAccesses($inputs: [AccessRecordInput!]!) { recordAccesses(inputs: $inputs) { seq } }';

/**
 * Sends records to the services subgraph's internal `recordAccesses` mutation (@inaccessible: not
 * in the public graph), with a context signed for role `system` as `sub` (the gateway, or a
 * subgraph reporting a refused direct call).
 */
export function sendRecordsTo(options: { url: string | (() => string); contextKey: string; sub: string; timeoutMs?: number }): SendRecords {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const sign = createContextSigner(options.contextKey);
  return async (records) => {
    const requestId = records[0].requestId;
    // undici's request with a string body: header and body leave in one write (fetch streams the
    // body: a write for the head, each chunk and the end), and records are written all the time.
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await request(typeof options.url === 'function' ? options.url() : options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        [CONTEXT_HEADER]: sign({ ...systemCaller(requestId), sub: options.sub }),
      },
      body: JSON.stringify({ query: RECORD_MUTATION, variables: { inputs: records } }),
      signal,
    });
    // A body that is not JSON is a refusal, named by its status; a timeout while reading it stays a timeout.
    const body = (await res.body.json().catch((error) => {
      if (signal.aborted) throw error;
      return {};
    })) as { data?: { recordAccesses?: { seq: number }[] }; errors?: { extensions?: { code?: string } }[] };
    if (body.data?.recordAccesses?.length !== records.length) {
      throw new Error(`services refused the records (${body.errors?.[0]?.extensions?.code ?? res.statusCode})`);
    }
  };
}
