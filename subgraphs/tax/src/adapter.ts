import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { BackendTransport, DepartmentUnavailableError, Logger } from '@district/common';
import { BATCH_LIMIT, ESB_PATH, QUERY_KINDS, TRAN_ID, type QueryKind } from './codes.ts';
import type { Taxpayer, TaxpayerBlocks } from './domain.ts';
import { MAP_BLOCK } from './mapping.ts';
import { badResponse, fromHttpStatus, fromRtnCode } from './native-errors.ts';
import { CombinedBody, EntryKeys, KIND_BLOCKS, Reply } from './wire.ts';

/** 渠道 credentials the bus issued to us, sent in every request head. */
export interface TaxCredentials { channelId: string; token: string }

export interface TaxAdapterOptions {
  transport: BackendTransport;
  credentials: TaxCredentials;
  logger?: Logger;
  /** Clock for the head's tranDate/tranTime (tests pin it). */
  now?: () => Date;
}

/**
 * What a taxpayer lookup answers per 纳税人识别号: the taxpayer, an Error when only its own record
 * was unreadable, or absent when the bureau does not know it (never registered, or 新办 not yet
 * confirmed). TaxpayerReads (taxpayer-reads.ts) puts the cache, retries and the breaker around
 * exactly this interface; the adapter itself never caches.
 */
export type TaxpayerResults = Map<string, Taxpayer | DepartmentUnavailableError>;
export interface TaxReads {
  getTaxpayers(ids: readonly string[], kinds: readonly QueryKind[]): Promise<TaxpayerResults>;
}

/** yyyyMMdd and HHmmss in China Standard Time, where the bus checks its business dates. */
function chinaClock(d: Date): { date: string; time: string } {
  const iso = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: iso.slice(11, 19).replaceAll(':', '') };
}

/** The one class that speaks the 税务 service bus (金税-style POST /gt3/esb/<tranId>, {head, body}). */
export class TaxAdapter implements TaxReads {
  private serial = 0;
  private readonly instance = randomBytes(3).toString('hex');

  constructor(private readonly options: TaxAdapterOptions) {}

  /**
   * 综合批量查询 for any number of taxpayers, asking only for `kinds`: one call per 50 IDs.
   * Reads are safe to repeat, so TaxpayerReads retries them; every call (every retry) gets a
   * fresh tranSeq from head(), the bus's idempotency key. There is no write here.
   */
  async getTaxpayers(ids: readonly string[], kinds: readonly QueryKind[]): Promise<TaxpayerResults> {
    const unique = [...new Set(ids)];
    const cxlxList = QUERY_KINDS.filter((k) => kinds.includes(k));
    if (unique.length === 0) return new Map();
    if (cxlxList.length === 0) throw new Error('getTaxpayers needs at least one query kind');
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += BATCH_LIMIT) chunks.push(unique.slice(i, i + BATCH_LIMIT));
    const results = await Promise.all(chunks.map((chunk) => this.combinedQuery(chunk, cxlxList)));
    return new Map(results.flatMap((m) => [...m]));
  }

  private async combinedQuery(ids: string[], kinds: QueryKind[]): Promise<TaxpayerResults> {
    const body = await this.call(TRAN_ID.COMBINED_QUERY, { cxlxList: kinds, nsrsbhList: ids }, CombinedBody);
    const results: TaxpayerResults = new Map();
    for (const raw of body.nsrList) {
      if (!ids.includes(raw.nsrsbh)) continue; // not ours to answer; ignore rather than mis-file it
      results.set(raw.nsrsbh, this.entry(raw, kinds, body.sjjzrq));
    }
    // Every ID asked must come back either found or in notFound: silence is not "unknown".
    const notFound = new Set(body.notFound);
    for (const id of ids) {
      if (results.has(id) || notFound.has(id)) continue;
      this.options.logger?.warn({ tranId: TRAN_ID.COMBINED_QUERY, nsrsbh: id }, 'tax bus neither answered nor listed a taxpayer as not found');
      results.set(id, badResponse());
    }
    return results;
  }

  /** One entry, checked on its own: a malformed record fails its own enterprise, not the batch. */
  private entry(raw: Record<string, unknown>, kinds: QueryKind[], asOf: string): Taxpayer | DepartmentUnavailableError {
    const keys = EntryKeys.safeParse(raw);
    if (!keys.success) return this.malformed(keys.error, String(raw.nsrsbh));
    const blocks: Partial<TaxpayerBlocks> = {};
    for (const kind of kinds) {
      const parsed = KIND_BLOCKS[kind].safeParse(raw);
      if (!parsed.success) return this.malformed(parsed.error, keys.data.nsrsbh, kind);
      (blocks as Record<QueryKind, unknown>)[kind] = (MAP_BLOCK[kind] as (b: unknown) => unknown)(parsed.data);
    }
    return { taxpayerId: keys.data.nsrsbh, name: keys.data.nsrmc, asOf, blocks };
  }

  private malformed(error: z.ZodError, nsrsbh: string, kind?: QueryKind): DepartmentUnavailableError {
    // Paths and messages only: zod's messages never echo the values, which may be personal data.
    const issues = error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    this.options.logger?.warn({ tranId: TRAN_ID.COMBINED_QUERY, nsrsbh, kind, issues }, 'tax bus sent a malformed taxpayer record');
    return badResponse();
  }

  /** One call on the bus: envelope out, envelope in, native failures mapped, body validated. */
  private async call<S extends z.ZodType>(tranId: string, body: unknown, schema: S): Promise<z.output<S>> {
    const head = this.head(tranId);
    const res = await this.options.transport.request({
      method: 'POST',
      path: ESB_PATH + tranId,
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ head, body }),
    });
    const log = { tranId, tranSeq: head.tranSeq, httpStatus: res.status };
    if (res.status !== 200) {
      this.options.logger?.warn(log, 'tax bus front proxy refused the call');
      throw fromHttpStatus(res.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      this.options.logger?.warn(log, 'tax bus reply is not JSON');
      throw badResponse({ httpStatus: res.status });
    }
    const reply = Reply.safeParse(json);
    if (!reply.success) {
      this.options.logger?.warn(log, 'tax bus reply is not an envelope');
      throw badResponse({ httpStatus: res.status });
    }
    const { rtnCode } = reply.data.head;
    if (rtnCode !== '000') {
      // rtnMsg may name taxpayers or fields; it goes to our log, not to clients.
      this.options.logger?.warn({ ...log, rtnCode, rtnMsg: reply.data.head.rtnMsg }, 'tax bus refused the call');
      throw fromRtnCode(rtnCode);
    }
    if (reply.data.head.tranSeq !== head.tranSeq) {
      // A reply for another call (a confused proxy or pool): never file its data under ours.
      this.options.logger?.warn({ ...log, echoed: reply.data.head.tranSeq }, 'tax bus echoed another tranSeq');
      throw badResponse({ nativeCode: rtnCode });
    }
    const parsed = schema.safeParse(reply.data.body);
    if (!parsed.success) {
      this.options.logger?.warn({ ...log, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'tax bus body is malformed');
      throw badResponse({ nativeCode: rtnCode });
    }
    return parsed.data;
  }

  /**
   * The request head. tranSeq (交易流水号) must be unique per channel: time, a per-process serial
   * and a random instance tag keep it so across any number of subgraph instances.
   */
  private head(tranId: string) {
    const { date, time } = chinaClock((this.options.now ?? (() => new Date()))());
    this.serial = (this.serial + 1) % 1_000_000;
    const tranSeq = `GQL${date}${time}${this.instance}${String(this.serial).padStart(6, '0')}`;
    const { channelId, token } = this.options.credentials;
    return { channelId, token, tranId, tranSeq, tranDate: date, tranTime: time };
  }
}
