import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { DepartmentUnavailableError, isValidUscc, type BackendTransport, type Logger } from '@district/common';
import { MARKET_BATCH_LIMIT, MARKET_PAGE_LIMIT, STATUS_TEXT, UNSEARCHABLE_STATUSES } from './codes.ts';
import { toEnterprise, WireMismatch } from './mapping.ts';
import type { EnterpriseSearch, MarketEnterprise, RegistryList } from './model.ts';
import { errorForFailure } from './native-errors.ts';
import { planPages } from './pagination.ts';
import { canonicalTarget, signRequest, type MarketCredentials } from './signing.ts';
import { BatchData, EnvelopeSchema, SearchData, type RecordWire } from './wire.ts';

/**
 * The one class that speaks the 市场监管 registry's API (backends/docs/market.md): signed
 * REST/JSON in the registry's vocabulary. Callers get domain objects or our errors, never HTTP,
 * envelopes or code tables. Reads only, and no retries or caching yet: these two methods are the
 * single place reads happen, so a resilience layer can wrap them later.
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

export interface SearchPage {
  total: number;
  items: MarketEnterprise[];
}

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

  /** One page of our size at any offset, in USCC order, assembled from the registry's pages. */
  async searchEnterprises(search: EnterpriseSearch, offset: number, limit: number): Promise<SearchPage> {
    if (search.status && UNSEARCHABLE_STATUSES.has(search.status)) return { total: 0, items: [] };
    const plan = planPages(offset, limit, MARKET_PAGE_LIMIT);
    const params: [string, string][] = [];
    if (search.keyword) params.push(['keyword', search.keyword]);
    if (search.status) params.push(['status', STATUS_TEXT[search.status]]);
    if (search.typeCode) params.push(['entType', search.typeCode]);
    if (search.buildingCode) params.push(['buildingCode', search.buildingCode]);
    const pages: number[] = [];
    for (let p = plan.firstPage; p <= plan.lastPage; p++) pages.push(p);
    const replies = await Promise.all(pages.map((page) => {
      const query = new URLSearchParams([...params, ['page', String(page)], ['pageSize', String(plan.pageSize)]]);
      return this.call('GET', `/api/v1/enterprises?${query}`, undefined, SearchData);
    }));
    const rows = replies.flatMap((r) => r?.list ?? []);
    const skip = offset - (plan.firstPage - 1) * plan.pageSize;
    return { total: replies[0]?.total ?? 0, items: this.toEnterprises(rows.slice(skip, skip + limit)) };
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
