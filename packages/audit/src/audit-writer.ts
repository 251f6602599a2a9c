import type { AccessRecordInput } from './audit-record.ts';
import { systemCaller } from '@district/domain';
import type { Logger } from '@district/runtime';
import { countAccessRecordQueue, createSignedGraphqlClient, metrics } from '@district/runtime';
import { createMemorySpool, type RecordSpool } from './audit-spool.ts';

/**
 * Writes access records (访问记录) to the services store, in arrival order, as group commits: while
 * one batch is being written, the records that arrive meanwhile gather and go together in the
 * next one (at most `maxBatch`). At low load a record goes alone at once; under load one write
 * carries many, so the chain's single writer is no longer a per-request cost.
 *
 * Write-behind (`writeBehind`, over a durable spool: Redis, or the local file) a caller's `write` resolves as
 * soon as its record is held there — a Redis round trip or one local write(2), not a database
 * round trip — and the writer sends what the spool holds to the store behind the response, in
 * batches of what gathered meanwhile (every record waits in the spool until the store has it; a
 * crash in between leaves it there for the next start, or another instance, to write).
 *
 * Without one (tests, and refusals a subgraph records without Redis), a caller's `write` resolves when its record is written, or — when services cannot take it
 * within `writeTimeoutMs` — when it is held in the spool (audit-spool.ts): in Redis when there is
 * one (REDIS_URL), so it outlives this process, else in this process's memory. The response is
 * never held hostage to the audit store, and no record is silently lost. While records wait, new
 * ones wait behind them; every `retryIntervalMs` the spool's records are written in order — also
 * those another instance sharing the Redis took and never wrote (it died). Logs carry request ids
 * and counts, never subjects or fields.
 */
export interface AccessRecordWriter {
  write(record: AccessRecordInput): Promise<void>;
  /** Records waiting to be written (on Redis: by every instance sharing it). */
  queued(): Promise<number>;
  /** Tries to write every waiting record now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export type SendRecords = (records: AccessRecordInput[]) => Promise<void>;

export interface AccessRecordWriterOptions {
  send: SendRecords;
  logger: Logger;
  maxBatch?: number;
  /** Records kept in the memory spool (when no `spool` is given); beyond it the oldest are dropped, loudly. */
  maxQueue?: number;
  retryIntervalMs?: number;
  /** Where records wait when they cannot be written (default: this process's memory). */
  spool?: RecordSpool;
  /**
   * Hold every record in the spool first and answer then, writing behind (see above); only with a
   * durable spool — over the memory spool it is refused at start, as it would lose records.
   */
  writeBehind?: boolean;
}

interface Entry {
  record: AccessRecordInput;
  done: () => void;
}

export function createAccessRecordWriter(o: AccessRecordWriterOptions): AccessRecordWriter {
  const maxBatch = o.maxBatch ?? 200;
  // Every write of a batch timed by outcome (district_access_record_write_duration_seconds).
  const send = async (records: AccessRecordInput[]): Promise<void> => {
    const end = metrics.accessRecordWrites.startTimer();
    try {
      await o.send(records);
      end({ outcome: 'ok' });
    } catch (error) {
      end({ outcome: 'failed' });
      throw error;
    }
  };
  const spool = o.spool ?? createMemorySpool({ logger: o.logger, max: o.maxQueue });
  if (o.writeBehind && !spool.durable) throw new Error(`write-behind needs a durable spool (Redis or a local file), not ${spool.kind}`);
  const writeBehind = o.writeBehind === true;
  // Records on their first attempt, in arrival order.
  let queue: Entry[] = [];
  let draining: Promise<void> | null = null;
  let retrying: Promise<void> | null = null;
  // After a failed write, new records go straight to the spool, behind the ones waiting there.
  let failing = false;
  // Holds to the spool in flight: the retry waits for them, so none slips behind its check.
  let holding: Promise<void> = Promise.resolve();

  const hold = (records: AccessRecordInput[]): Promise<void> => {
    const held = holding.then(() => spool.hold(records)).catch((error) => {
      o.logger.error({ requestId: records[0]?.requestId, count: records.length, reason: (error as Error).message }, 'access records could not be held for retry');
    });
    holding = held;
    return held;
  };

  const drain = (): Promise<void> => {
    draining ??= (async () => {
      try {
        while (queue.length) {
          const batch = queue.slice(0, maxBatch);
          try {
            await send(batch.map((e) => e.record));
          } catch (error) {
            failing = true;
            // The failed batch and everything behind it wait in the spool, in order.
            const waiting = queue;
            queue = [];
            o.logger.warn({ requestId: batch[0].record.requestId, queued: waiting.length, spool: spool.kind, reason: reasonOf(error) }, 'access records not written yet: queued for retry');
            await hold(waiting.map((e) => e.record));
            for (const e of waiting) e.done();
            return;
          }
          queue.splice(0, batch.length);
          for (const e of batch) e.done();
        }
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  /** Writes what waits in the spool, a batch at a time, until it is empty or a write fails. */
  const retry = (): Promise<void> => {
    retrying ??= (async () => {
      try {
        for (;;) {
          await holding;
          const taken = await spool.take(maxBatch);
          if (!taken) {
            failing = false;
            return;
          }
          try {
            await send(taken.records);
          } catch (error) {
            failing = true;
            o.logger.warn({ requestId: taken.records[0]?.requestId, count: taken.records.length, spool: spool.kind, reason: reasonOf(error) }, 'access records still not written: kept for the next retry');
            return;
          }
          await taken.written();
        }
      } catch (error) {
        o.logger.warn({ spool: spool.kind, reason: (error as Error).message }, 'waiting access records could not be retried');
      } finally {
        retrying = null;
      }
    })();
    return retrying;
  };

  // Durable spool: a hold asks for a pass over the spool; one asked while a pass runs gets another after it.
  // A pass already running (the timer's) may have looked before the new record landed: after
  // waiting for it, one more pass of our own.
  let again = false;
  let pumping = false;
  const pump = () => {
    again = true;
    if (pumping) return;
    pumping = true;
    void (async () => {
      try {
        while (again && !failing) { // while failing, the timer tries again
          again = false;
          const running = retrying;
          if (running) {
            await running;
            again = true;
            continue;
          }
          await retry();
        }
      } finally {
        pumping = false;
      }
    })();
  };
  const timer = setInterval(() => void retry(), o.retryIntervalMs ?? 2_000);
  timer.unref();
  /** Written to the store while the caller waits (no durable spool), held in the spool once the store fails. */
  const writeThrough = (record: AccessRecordInput): Promise<void> => {
    if (failing) return hold([record]);
    const written = new Promise<void>((done) => queue.push({ record, done }));
    // Whatever arrives while a batch is in flight rides in the next one.
    if (!draining) void drain();
    return written;
  };
  const uncount = countAccessRecordQueue(async () => queue.length + (await spool.size()));

  return {
    write(record) {
      if (writeBehind) {
        // Held before the response goes; written behind it. Should the spool refuse it (a full
        // disk), the record goes the way it went before: written to the store while the response waits.
        const held = holding.then(() => spool.hold([record]));
        holding = held.catch(() => undefined);
        return held.then(pump, (error: unknown) => {
          o.logger.error({ requestId: record.requestId, spool: spool.kind, reason: (error as Error).message }, 'access record could not be held in the spool: writing it to the store directly');
          return writeThrough(record);
        });
      }
      return writeThrough(record);
    },
    queued: async () => queue.length + (await spool.size()),
    async flush() {
      if (queue.length) await drain();
      await retry();
    },
    async stop() {
      clearInterval(timer);
      uncount();
      if (draining) await draining;
      if (queue.length) await drain();
      if (retrying) await retrying;
      await retry();
      const left = await spool.size().catch(() => 0);
      if (left && spool.kind === 'memory') o.logger.error({ queued: left }, 'stopping with access records not written');
      else if (left) o.logger.warn({ queued: left, spool: spool.kind }, spool.kind === 'redis' ? 'stopping with access records waiting in Redis: another instance, or the next, writes them' : 'stopping with access records waiting in the local file: the next start writes them');
      await spool.close();
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof SendFailed) return error.message;
  const e = error as { name?: string; message?: string };
  if (e?.name === 'TimeoutError') return 'timeout';
  return /refused the records/.test(e?.message ?? '') ? e!.message! : 'unreachable';
}

const RECORD_MUTATION = 'mutation RecordAccesses($inputs: [AccessRecordInput!]!) { recordAccesses(inputs: $inputs) { seq } }';

/** Services did not answer: its message is the reason the writer's logs give (reasonOf). */
class SendFailed extends Error {
  constructor(reason: 'TIMEOUT' | 'UNREACHABLE') {
    super(reason === 'TIMEOUT' ? 'timeout' : 'unreachable');
    this.name = 'SendFailed';
  }
}

/**
 * Sends records to the services subgraph's internal `recordAccesses` mutation (@inaccessible: not
 * in the public graph), with a context signed for role `system` as `sub` (the gateway, or a
 * subgraph reporting a refused direct call), through the one signed GraphQL call
 * (@district/runtime's createSignedGraphqlClient: one write per call, and records are written all
 * the time).
 */
export function sendRecordsTo(options: { url: string | (() => string); contextKey: string; sub: string; timeoutMs?: number }): SendRecords {
  const call = createSignedGraphqlClient({ contextKey: options.contextKey, timeoutMs: options.timeoutMs ?? 1_000 });
  return async (records) => {
    const requestId = records[0].requestId;
    const url = typeof options.url === 'function' ? options.url() : options.url;
    const reply = await call<{ data?: { recordAccesses?: { seq: number }[] }; errors?: { extensions?: { code?: string } }[] }>(
      url, { ...systemCaller(requestId), sub: options.sub }, { query: RECORD_MUTATION, variables: { inputs: records } }, { requestId },
    );
    if (!reply.ok && reply.reason !== 'BAD_RESPONSE') throw new SendFailed(reply.reason);
    // A body that is not JSON is a refusal, named by its status.
    const body = reply.ok ? reply.body : {};
    if (body.data?.recordAccesses?.length !== records.length) {
      throw new Error(`services refused the records (${body.errors?.[0]?.extensions?.code ?? reply.status})`);
    }
  };
}
