import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BackendTransport } from '@district/department-access';
import { DepartmentRejectedError, DepartmentUnavailableError } from '@district/domain';
import { type Logger } from '@district/runtime';
import { BIZ, MAX_BATCH, REPLY } from './codes.ts';
import type { Holdings, PropertyUnit } from './domain.ts';
import { chinaTime, renderRequest } from './message.ts';
import { readReply } from './native-errors.ts';
import { toHoldings, toUnit } from './mapping.ts';
import { RightsReply, UnitsReply } from './wire.ts';

/**
 * The one class that speaks the 不动产登记 exchange interface (交换接口, XML over HTTP;
 * backends/docs/real-estate.md). Its read methods are the only place registry reads happen; the
 * cache, retries and circuit breaker wrap them from outside (DepartmentReads, in loaders.ts), so
 * nothing here caches or retries. A retry calls the method again, and every exchange takes its
 * own SerialNo (业务流水号) here, so no two attempts ever share one. The registry's one write
 * (权利人名称变更登记) is the exception: its SerialNo is derived from the caller's idempotency key,
 * so a repeated attempt is the registry's replay of its first reply; the mutation calls it under
 * `reads.resilience.write(...)` and then invalidates the holder and the units it renamed.
 */

export const EXCHANGE_PATH = '/bdcdj/exchange';

export interface RealEstateAdapterOptions {
  transport: BackendTransport;
  credentials: { senderId: string; apiKey: string };
  logger?: Logger;
  /** Clock for Head/Timestamp; tests pin it. */
  now?: () => Date;
  /** Head/SerialNo (业务流水号) generator; tests pin it. Each read gets its own. */
  serialNo?: () => string;
}

/** 业务流水号 for reads: a prefix for the registry's logs and a UUID, within its 64 characters of [A-Za-z0-9_-]. */
const defaultSerialNo = () => `ZWFW-CX-${randomUUID()}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class RealEstateAdapter {
  private readonly transport: BackendTransport;
  private readonly credentials: { senderId: string; apiKey: string };
  private readonly logger?: Logger;
  private readonly now: () => Date;
  private readonly nextSerialNo: () => string;

  constructor(options: RealEstateAdapterOptions) {
    this.transport = options.transport;
    this.credentials = options.credentials;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
    this.nextSerialNo = options.serialNo ?? defaultSerialNo;
  }

  /**
   * Rights, mortgages and seizures by holder (CX_QLXX), one call per 20 USCCs. Every USCC asked
   * gets an entry: the registry answers a holder it does not know with an empty one. Callers pass
   * USCCs that pass the check character; the registry refuses a whole batch over one that does not.
   */
  async getHoldings(usccs: readonly string[]): Promise<Map<string, Holdings>> {
    const found = new Map<string, Holdings>();
    const distinct = [...new Set(usccs)];
    await Promise.all(chunks(distinct, MAX_BATCH).map(async (batch) => {
      const body = await this.exchange(BIZ.QUERY_RIGHTS, { ZJH: batch }, RightsReply);
      for (const holder of body?.QLRLIST ?? []) found.set(holder.ZJH, toHoldings(holder));
      // The registry promises one entry per holder asked; a missing one would read as "holds nothing".
      const missing = batch.filter((uscc) => !found.has(uscc));
      if (missing.length) {
        this.logger?.warn({ department: 'REAL_ESTATE', missing: missing.length }, 'CX_QLXX reply lacks entries for holders asked');
        throw new DepartmentUnavailableError('REAL_ESTATE', 'BAD_RESPONSE');
      }
    }));
    return found;
  }

  /** Units (不动产单元) by number (CX_BDCDY), one call per 20; numbers the register does not know are absent. */
  async getUnits(unitNos: readonly string[]): Promise<Map<string, PropertyUnit>> {
    const found = new Map<string, PropertyUnit>();
    const distinct = [...new Set(unitNos)];
    await Promise.all(chunks(distinct, MAX_BATCH).map(async (batch) => {
      const body = await this.exchange(BIZ.QUERY_UNITS, { BDCDYH: batch }, UnitsReply);
      for (const unit of body?.BDCDYLIST ?? []) found.set(unit.BDCDYH, toUnit(unit));
    }));
    return found;
  }

  /**
   * 权利人名称变更登记: every current right of the holder re-registered under its new name (new
   * certificates). Refused (DEPARTMENT_REJECTED) when the holder has no current rights, the stated
   * former name is not the registered one, or the register already shows the new name.
   */
  async renameHolder(idempotencyKey: string, input: HolderRename): Promise<{ uscc: string; renamedRights: number; unitNos: string[] }> {
    const body = {
      ZJH: input.uscc,
      ...(input.formerName ? { YQLRMC: input.formerName } : {}),
      XQLRMC: input.newName,
      BGYJ: { ...(input.evidence.documentName ? { WJMC: input.evidence.documentName } : {}), WJBH: input.evidence.documentNo, HZRQ: input.evidence.approvedOn },
    };
    const reply = await this.exchange(BIZ.RENAME_HOLDER, body, RenameReply, writeSerialNo('rename', idempotencyKey));
    if (!reply) throw new DepartmentRejectedError('REAL_ESTATE', '不动产登记: the holder has no current rights to rename', { nativeCode: '4004', reasons: ['权利人无现势产权'] });
    const rights = reply.BGQLLIST === '' ? [] : reply.BGQLLIST.QL;
    return { uscc: reply.ZJH, renamedRights: rights.length, unitNos: [...new Set(rights.map((r) => r.BDCDYH))] };
  }

  /** One exchange: the envelope out, the reply's Body validated by `schema` back; null for 4004 (无记录). */
  private async exchange<S extends z.ZodType>(bizCode: string, body: Record<string, unknown>, schema: S, fixedSerialNo?: string): Promise<z.infer<S> | null> {
    const serialNo = fixedSerialNo ?? this.nextSerialNo();
    const xml = renderRequest({ bizCode, ...this.credentials, serialNo, timestamp: chinaTime(this.now()) }, body);
    const res = await this.transport.request({
      method: 'POST',
      path: EXCHANGE_PATH,
      headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
      body: xml,
      kind: bizCode,
    });
    let reply;
    try {
      reply = readReply(res, serialNo);
    } catch (error) {
      // Native code and status only: the request carries the API key and the reply may carry holders' names.
      const ext = (error as { extensions?: Record<string, unknown> }).extensions ?? {};
      this.logger?.warn({ department: 'REAL_ESTATE', bizCode, serialNo, httpStatus: res.status, nativeCode: ext.nativeCode, reason: ext.reason ?? ext.code }, 'registry call failed');
      throw error;
    }
    if (reply.code === REPLY.NOT_FOUND) return null;
    const parsed = schema.safeParse(reply.body);
    if (!parsed.success) {
      // Where the payload broke, not its values (they may name people).
      this.logger?.error({ department: 'REAL_ESTATE', bizCode, serialNo, issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'registry reply failed validation');
      throw new DepartmentUnavailableError('REAL_ESTATE', 'BAD_RESPONSE', { httpStatus: res.status });
    }
    return parsed.data;
  }
}

export interface HolderRename {
  uscc: string;
  newName: string;
  /** The name the register should show now; checked by the registry when given. */
  formerName?: string | null;
  /** 变更依据: the 市场监管 document approving the change. */
  evidence: { documentNo: string; documentName?: string | null; approvedOn: string };
}

/**
 * The registry's SerialNo of one of our writes: derived from the caller's key alone, so a retry
 * after a crash sends the same one and gets the first reply. Hashed into 1–64 of [A-Za-z0-9_-].
 */
export const writeSerialNo = (operation: string, idempotencyKey: string): string =>
  `ZWFW-DJ-${createHash('sha256').update(`real-estate:${operation}:${idempotencyKey}`).digest('hex').slice(0, 48)}`;

const RenameReply = z.looseObject({
  ZJH: z.string().length(18),
  BGQLLIST: z.union([z.literal(''), z.looseObject({ QL: z.array(z.looseObject({ BDCDYH: z.string().min(1) })) })]),
});
