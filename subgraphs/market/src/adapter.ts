import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DepartmentRejectedError, DepartmentUnavailableError, isValidUscc, moneyToFen, type Money } from '@district/domain';
import { type BackendTransport } from '@district/department-access';
import { type Logger } from '@district/runtime';
import { CHANGE_ITEM_BY_CODE, MARKET_BATCH_LIMIT, STATUS_TEXT, UNSEARCHABLE_STATUSES } from './codes.ts';
import { toEnterprise, WireMismatch } from './mapping.ts';
import type { ChangeItem, EnterpriseSearch, MarketEnterprise, RegistryList, SearchPage } from './domain.ts';
import { errorForFailure } from './native-errors.ts';
import { canonicalTarget, signRequest, type MarketCredentials } from './signing.ts';
import { BatchData, ChangeReplyData, DeregistrationReplyData, EnvelopeSchema, EstablishmentReplyData, SearchData, type RecordWire } from './wire.ts';

/**
 * The one class that speaks the 市场监管 registry's API (backends/docs/market.md): signed
 * REST/JSON in the registry's vocabulary. Callers get domain objects or our errors, never HTTP,
 * envelopes or code tables. No caching and no retries here: the read methods are the single place
 * reads happen, and DepartmentReads (loaders) wraps them; the write methods (设立, 变更, 注销) are
 * called once per attempt by the mutations, under `reads.resilience.write`, with an
 * Idempotency-Key derived from the caller's idempotency key, so a repeated attempt is a replay. Each call signs itself
 * afresh (timestamp, nonce), so a retry is a new call of the method, never a resend of signed
 * bytes, which the registry would refuse as a replay (E1003).
 */

export interface MarketAdapterOptions {
  transport: Pick<BackendTransport, 'request'>;
  credentials: MarketCredentials;
  logger: Logger;
  /** Clock for X-Timestamp (epoch ms); injectable so tests can pin a request. */
  now?: () => number;
  /** Nonce source; a fresh one per call, retries included (the registry refuses a reused nonce). */
  nonce?: () => string;
}

/** Whether the registry's search can be asked this at all (it holds no 迁入 records and refuses the text). */
export const isSearchable = (search: EnterpriseSearch): boolean => !(search.status && UNSEARCHABLE_STATUSES.has(search.status));

export class MarketAdapter {
  private readonly now: () => number;
  private readonly nonce: () => string;

  constructor(private readonly options: MarketAdapterOptions) {
    this.now = options.now ?? Date.now;
    this.nonce = options.nonce ?? randomUUID;
  }

  /**
   * Registered enterprises by USCC, with the child lists asked for. Unknown USCCs are absent from
   * the map. Malformed ones are never sent: the registry fails a whole batch for one bad code, and
   * a malformed code cannot be registered anyway.
   */
  async getEnterprises(usccs: readonly string[], lists: readonly RegistryList[] = []): Promise<Map<string, MarketEnterprise>> {
    const wanted = [...new Set(usccs)].filter(isValidUscc);
    const chunks: string[][] = [];
    for (let i = 0; i < wanted.length; i += MARKET_BATCH_LIMIT) chunks.push(wanted.slice(i, i + MARKET_BATCH_LIMIT));
    const replies = await Promise.all(chunks.map((uniscIds) =>
      this.call('POST', '/api/v1/enterprises/batch', { uniscIds, include: [...lists] }, BatchData)));
    const found = new Map<string, MarketEnterprise>();
    for (const reply of replies) for (const e of this.toEnterprises(reply?.list ?? [])) found.set(e.uscc, e);
    return found;
  }

  /**
   * One page of the registry's search, as the registry pages (1-based `page`, `pageSize` at most
   * MARKET_PAGE_LIMIT), in USCC order. A search the registry cannot be asked (isSearchable) is
   * answered empty without a call.
   */
  async searchPage(search: EnterpriseSearch, page: number, pageSize: number): Promise<SearchPage> {
    if (!isSearchable(search)) return { total: 0, items: [] };
    const query = new URLSearchParams();
    if (search.keyword) query.append('keyword', search.keyword);
    if (search.status) query.append('status', STATUS_TEXT[search.status]);
    if (search.typeCode) query.append('entType', search.typeCode);
    if (search.buildingCode) query.append('buildingCode', search.buildingCode);
    query.append('page', String(page));
    query.append('pageSize', String(pageSize));
    const reply = await this.call('GET', `/api/v1/enterprises?${query}`, undefined, SearchData);
    return { total: reply?.total ?? 0, items: this.toEnterprises(reply?.list ?? []) };
  }

  /** 设立登记: the new USCC, 营业执照编号 and 成立日期. */
  async establish(idempotencyKey: string, input: EstablishmentInput): Promise<Establishment> {
    const body = {
      entName: input.name, entType: input.typeCode, regCap: wanFromMoney(input.registeredCapital), dom: input.address,
      lerep: input.legalRepresentative.name, lerepCerNo: input.legalRepresentative.idNumber,
      ...(input.legalRepresentative.phone ? { lerepTel: input.legalRepresentative.phone } : {}),
      opScope: input.businessScope,
    };
    const reply = await this.write('POST', '/api/v1/enterprises', writeKey('establish', idempotencyKey), body, EstablishmentReplyData);
    return { uscc: reply.uniscId, licenceNo: reply.licenceNo, establishedOn: reply.estDate };
  }

  /** 变更登记: one 变更记录 per item that changed, dated today. */
  async change(idempotencyKey: string, uscc: string, input: ChangeInput): Promise<ChangeOutcome> {
    const body = {
      ...(input.name != null && { entName: input.name }),
      ...(input.address != null && { dom: input.address }),
      ...(input.legalRepresentative != null && {
        lerep: input.legalRepresentative.name, lerepCerNo: input.legalRepresentative.idNumber,
        ...(input.legalRepresentative.phone ? { lerepTel: input.legalRepresentative.phone } : {}),
      }),
      ...(input.registeredCapital != null && { regCap: wanFromMoney(input.registeredCapital) }),
      ...(input.businessScope != null && { opScope: input.businessScope }),
    };
    const reply = await this.write('POST', `/api/v1/enterprises/${encodeURIComponent(uscc)}/changes`, writeKey('change', idempotencyKey), body, ChangeReplyData);
    const items = [...new Set(reply.altRecords.map((r) => CHANGE_ITEM_BY_CODE[r.altItem] ?? 'OTHER'))];
    const changedOn = reply.altRecords.map((r) => r.altDate).sort().at(-1) ?? reply.enterprise.apprDate ?? null;
    if (!changedOn) throw new DepartmentUnavailableError('MARKET', 'BAD_RESPONSE');
    return { uscc: reply.uniscId, changedOn, items };
  }

  /** 注销登记 on the simplified or general path (the general one needs the 清税证明 number). */
  async deregister(idempotencyKey: string, uscc: string, input: DeregistrationInput): Promise<Deregistration> {
    const body = {
      canType: input.path === 'SIMPLIFIED' ? 'SIMPLE' : 'GENERAL',
      ...(input.taxClearanceNo ? { taxClearanceNo: input.taxClearanceNo } : {}),
      ...(input.reason ? { canRea: input.reason } : {}),
    };
    const reply = await this.write('POST', `/api/v1/enterprises/${encodeURIComponent(uscc)}/deregistration`, writeKey('deregister', idempotencyKey), body, DeregistrationReplyData);
    return { uscc: reply.uniscId, deregisteredOn: reply.canDate };
  }

  /**
   * One write: a fresh nonce and timestamp, the same Idempotency-Key on every attempt. "Not found"
   * and input the registry refuses (E2001: the applicant's form, e.g. an invalid ID number) are
   * refusals here, not faults: repeating the write cannot help.
   */
  private async write<S extends z.ZodType>(method: 'POST', path: string, key: string, payload: unknown, schema: S): Promise<z.infer<S>> {
    const reply = await this.call(method, path, payload, schema, { 'idempotency-key': key });
    if (!reply) throw new DepartmentRejectedError('MARKET', '市场监管: no enterprise is registered under this USCC', { nativeCode: 'E4040', reasons: ['未找到该统一社会信用代码的登记记录'] });
    return reply;
  }

  private toEnterprises(rows: RecordWire[]): MarketEnterprise[] {
    try {
      return rows.map(toEnterprise);
    } catch (error) {
      if (!(error instanceof WireMismatch)) throw error;
      this.options.logger.warn({ department: 'MARKET', problem: error.message }, 'market registry record cannot be represented');
      throw new DepartmentUnavailableError('MARKET', 'BAD_RESPONSE');
    }
  }

  /** One signed call: the envelope decoded, native errors mapped, `data` validated; null = 未找到 (E4040). */
  private async call<S extends z.ZodType>(method: 'GET' | 'POST', pathWithQuery: string, payload: unknown, schema: S, extraHeaders: Record<string, string> = {}): Promise<z.infer<S> | null> {
    const target = canonicalTarget(pathWithQuery);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const signed = signRequest({ method, target, body, credentials: this.options.credentials, timestamp: this.now(), nonce: this.nonce() });
    const headers: Record<string, string> = { ...signed, ...extraHeaders, accept: 'application/json' };
    if (method !== 'GET') headers['content-type'] = 'application/json; charset=utf-8';
    const res = await this.options.transport.request({ method, path: target, headers, body: method === 'GET' ? undefined : body, kind: `${method} ${routeTemplate(target)}` });
    const route = `${method} ${target.split('?')[0]}`;

    const envelope = EnvelopeSchema.safeParse(parseJson(res.text));
    if (!envelope.success) {
      this.options.logger.warn({ department: 'MARKET', route, httpStatus: res.status }, 'market registry reply is not its JSON envelope');
      // A non-envelope 5xx is a proxy or crash page in front of the registry: a fault, not a contract break.
      throw new DepartmentUnavailableError('MARKET', res.status >= 500 ? 'ERROR' : 'BAD_RESPONSE', { httpStatus: res.status });
    }
    const { code, message, data } = envelope.data;
    if (code !== '0') {
      if (code === 'E2001' && extraHeaders['idempotency-key']) {
        // On a write, E2001 names what is wrong with the applicant's form: a refusal to show, not our fault.
        this.options.logger.warn({ department: 'MARKET', route, nativeCode: code, httpStatus: res.status }, 'market registry refused a write as invalid');
        throw new DepartmentRejectedError('MARKET', '市场监管 refused the application as invalid', { nativeCode: code, reasons: [message] });
      }
      const error = errorForFailure({ code, message, httpStatus: res.status, data });
      if (!error) return null;
      this.options.logger.warn({ department: 'MARKET', route, nativeCode: code, httpStatus: res.status, nativeMessage: message }, 'market registry refused a call');
      throw error;
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      this.options.logger.warn({ department: 'MARKET', route, issues }, 'market registry payload does not match its documented shape');
      throw new DepartmentUnavailableError('MARKET', 'BAD_RESPONSE', { httpStatus: res.status });
    }
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface PersonInput { name: string; idNumber: string; phone?: string | null }
export interface EstablishmentInput { name: string; typeCode: string; registeredCapital: Money; address: string; legalRepresentative: PersonInput; businessScope: string }
export interface ChangeInput { name?: string | null; address?: string | null; legalRepresentative?: PersonInput | null; registeredCapital?: Money | null; businessScope?: string | null }
export interface DeregistrationInput { path: 'SIMPLIFIED' | 'GENERAL'; taxClearanceNo?: string | null; reason?: string | null }
export interface Establishment { uscc: string; licenceNo: string; establishedOn: string }
export interface ChangeOutcome { uscc: string; changedOn: string; items: ChangeItem[] }
export interface Deregistration { uscc: string; deregisteredOn: string }

/**
 * The registry's Idempotency-Key for one of our operations: derived from the caller's key alone
 * (and the operation), so an attempt after a crash or a timeout sends the same one and the
 * registry replays its first reply. Hashed, so any caller key fits the registry's 1–128 ASCII.
 */
export const writeKey = (operation: string, idempotencyKey: string): string =>
  `district-${operation}-${createHash('sha256').update(`market\u0000${operation}\u0000${idempotencyKey}`).digest('hex').slice(0, 48)}`;

/** Yuan (our Money) → 万元 with six places, the registry's unit, through integer fen: nothing rounded. */
export function wanFromMoney(money: Money): string {
  const fen = moneyToFen(money);
  const whole = fen / 1_000_000n;
  const frac = String(fen % 1_000_000n).padStart(6, '0');
  return `${whole}.${frac}`;
}

/** A path as a metric label: the query dropped, a segment that is an identifier (a USCC, a number) as {id}. */
export function routeTemplate(target: string): string {
  return target.split('?')[0].split('/').map((segment) => (segment.length >= 8 && /\d/.test(segment) ? '{id}' : segment)).join('/');
}
