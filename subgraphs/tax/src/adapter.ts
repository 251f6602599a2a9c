import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DepartmentRejectedError, dateFromCompact, type DepartmentUnavailableError } from '@district/domain';
import { type BackendTransport } from '@district/department-access';
import { type Logger } from '@district/runtime';
import { BATCH_LIMIT, CLEARANCE_PATH, ESB_PATH, QUERY_KINDS, TRAN_ID, type QueryKind } from './codes.ts';
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

  /**
   * 新办纳税人信息确认 for a USCC the market registry has just issued. Its tranSeq is derived from
   * the caller's idempotency key, so a repeated attempt is the bus's replay of the first reply.
   */
  async confirmNewTaxpayer(idempotencyKey: string, input: NewTaxpayerInput): Promise<NewTaxpayer> {
    const body = {
      nsrsbh: input.uscc, nsrmc: input.name, fddbrxm: input.legalRepresentativeName, fddbrsfzjhm: input.legalRepresentativeIdNumber,
      scjydz: input.address, nsrlxDm: input.taxpayerKind === 'GENERAL' ? '1' : '2',
    };
    const reply = await this.call(TRAN_ID.CONFIRM_NEW_TAXPAYER, body, NewTaxpayerReply, writeSeq('confirm', idempotencyKey));
    return { uscc: reply.nsrsbh, registeredOn: reply.djrq };
  }

  /** 清税申报: the 清税证明 (the bureau picks the path from its records); a refusal names every reason. */
  async applyClearance(idempotencyKey: string, uscc: string): Promise<Clearance> {
    const reply = await this.call(TRAN_ID.APPLY_CLEARANCE, { nsrsbh: uscc }, ClearanceReply, writeSeq('clearance', idempotencyKey));
    return { uscc: reply.nsrsbh, certificateNo: reply.qszm.wsh, issuedOn: reply.qszm.kjrq, path: CLEARANCE_PATH[reply.qszm.qsfsDm] };
  }

  /** One call on the bus: envelope out, envelope in, native failures mapped, body validated. */
  private async call<S extends z.ZodType>(tranId: string, body: unknown, schema: S, tranSeq?: string): Promise<z.output<S>> {
    const head = this.head(tranId, tranSeq);
    const res = await this.options.transport.request({
      method: 'POST',
      path: ESB_PATH + tranId,
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify({ head, body }),
      kind: tranId,
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
      const error = fromRtnCode(rtnCode);
      // A write's refusal goes to the orchestrator (system) with the bureau's reasons: 310 lists them, the others say it in rtnMsg.
      if (tranSeq !== undefined && error instanceof DepartmentRejectedError) throw writeRefusal(rtnCode, reply.data.head.rtnMsg, reply.data.body);
      throw error;
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
  private head(tranId: string, fixedSeq?: string) {
    const { date, time } = chinaClock((this.options.now ?? (() => new Date()))());
    this.serial = (this.serial + 1) % 1_000_000;
    const tranSeq = fixedSeq ?? `GQL${date}${time}${this.instance}${String(this.serial).padStart(6, '0')}`;
    const { channelId, token } = this.options.credentials;
    return { channelId, token, tranId, tranSeq, tranDate: date, tranTime: time };
  }
}

export interface NewTaxpayerInput {
  uscc: string; name: string; legalRepresentativeName: string; legalRepresentativeIdNumber: string; address: string; taxpayerKind: 'GENERAL' | 'SMALL_SCALE';
}
export interface NewTaxpayer { uscc: string; registeredOn: string }
export interface Clearance { uscc: string; certificateNo: string; issuedOn: string; path: (typeof CLEARANCE_PATH)[keyof typeof CLEARANCE_PATH] }

/**
 * The bus's tranSeq (its idempotency key of writes, per channel) for one of our operations:
 * derived from the caller's key alone, so a retry after a crash sends the same one and gets the
 * first reply back. Hashed into the bus's alphabet ([0-9A-Za-z_-], at most 64).
 */
export const writeSeq = (operation: string, idempotencyKey: string): string =>
  `GQLW${createHash('sha256').update(`tax:${operation}:${idempotencyKey}`).digest('hex').slice(0, 48)}`;

const compactDate = z.string().transform((s, ctx) => {
  const iso = dateFromCompact(s);
  if (iso) return iso;
  ctx.addIssue({ code: 'custom', message: 'must be a yyyyMMdd date' });
  return z.NEVER;
});
const NewTaxpayerReply = z.looseObject({ nsrsbh: z.string().length(18), djrq: compactDate });
const ClearanceReply = z.looseObject({
  nsrsbh: z.string().length(18),
  qszm: z.looseObject({ wsh: z.string().min(1), kjrq: compactDate, qsfsDm: z.enum(['1', '2', '3']) }),
});
const RefusalBody = z.looseObject({ btgyyList: z.array(z.looseObject({ yyDm: z.string(), yyMc: z.string(), xq: z.string().nullish() })) });

/** A refused write, with the bureau's reasons: 310's 不通过原因 (name and detail), or its rtnMsg. */
function writeRefusal(rtnCode: string, rtnMsg: string, body: unknown): DepartmentRejectedError {
  const listed = RefusalBody.safeParse(body);
  const reasons = listed.success && listed.data.btgyyList.length
    ? listed.data.btgyyList.map((r) => (r.xq ? `${r.yyMc}：${r.xq}` : r.yyMc))
    : [rtnMsg || `返回码 ${rtnCode}`];
  return new DepartmentRejectedError('TAX', `税务 refused the request (返回码 ${rtnCode})`, { nativeCode: rtnCode, reasons });
}
