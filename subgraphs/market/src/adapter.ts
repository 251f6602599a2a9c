import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DepartmentUnavailableError, isValidUscc, type BackendTransport, type Logger } from '@district/common';
import { MARKET_BATCH_LIMIT, STATUS_TEXT, UNSEARCHABLE_STATUSES } from './codes.ts';
import { toEnterprise, WireMismatch } from './mapping.ts';
import type { EnterpriseSearch, MarketEnterprise, RegistryList, SearchPage } from './model.ts';
import { errorForFailure } from './native-errors.ts';
import { canonicalTarget, signRequest, type MarketCredentials } from './signing.ts';
import { BatchData, EnvelopeSchema, SearchData, type RecordWire } from './wire.ts';

/**
 * The one class that speaks the 市场监管 registry's API (backends/docs/market.md): signed
 * REST/JSON in the registry's vocabulary. Callers get domain objects or our errors, never HTTP,
 * envelopes or code tables. Reads only. No caching and no retries here: these two methods are
 * the single place reads happen, and DepartmentReads (loaders) wraps them. Each call signs itself
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
  private async call<S extends z.ZodType>(method: 'GET' | 'POST', pathWithQuery: string, payload: unknown, schema: S): Promise<z.infer<S> | null> {
    const target = canonicalTarget(pathWithQuery);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const signed = signRequest({ method, target, body, credentials: this.options.credentials, timestamp: this.now(), nonce: this.nonce() });
    const headers: Record<string, string> = { ...signed, accept: 'application/json' };
    if (method !== 'GET') headers['content-type'] = 'application/json; charset=utf-8';
    const res = await this.options.transport.request({ method, path: target, headers, body: method === 'GET' ? undefined : body });
    const route = `${method} ${target.split('?')[0]}`;

    const envelope = EnvelopeSchema.safeParse(parseJson(res.text));
    if (!envelope.success) {
      this.options.logger.warn({ department: 'MARKET', route, httpStatus: res.status }, 'market registry reply is not its JSON envelope');
      // A non-envelope 5xx is a proxy or crash page in front of the registry: a fault, not a contract break.
      throw new DepartmentUnavailableError('MARKET', res.status >= 500 ? 'ERROR' : 'BAD_RESPONSE', { httpStatus: res.status });
    }
    const { code, message, data } = envelope.data;
    if (code !== '0') {
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
