import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { StaleNotice } from '@district/department-access';
import { createRedis, metrics, type Logger } from '@district/runtime';
import { cacheHintOf } from './cache-hint.ts';
import { MemoryResponseStore, RedisResponseStore, type CachedAnswer, type ResponseStore, type StoreWrite } from './store.ts';
import { tagsOf, usccsIn } from './tags.ts';

/**
 * 网关响应缓存 — the gateway's response and entity cache: a warm repeat costs no subgraph call.
 *
 * What is cached, per subgraph: each entity of an `_entities` fetch on its own (one entry per
 * representation), and a root query fetch whole (one entry per variables). An entry's key is the
 * subgraph, the fetch's selection (the query plan's fetch operation, which the planner prints the
 * same for the same selection), its other variables, the entity's representation (or the root
 * fetch's variables) and the caller's authorization class (authorization-class.ts): a caller whose
 * grant differs — masked or unmasked, another building, another enterprise — never reads the entry.
 *
 * How long: the subgraph's own hint (Cache-Control from its schema's `@cacheControl`, one time to
 * live per record kind), at most GATEWAY_RESPONSE_CACHE_MAX_TTL_S. Never cached: an answer without a
 * hint or with `private` scope, an entity with an error, an answer carrying stale notices (it is not
 * fresh), mutations, the gateway's own calls.
 *
 * Invalidation by tags (`enterprise:<uscc>` for every USCC in the entry's key or answer,
 * `keyless:<subgraph>` for entries keyed by nothing enterprise-specific: a building, a unit, a
 * search). Two sources:
 *  - the departments' own cache invalidations: a department subgraph that writes (a bundle step
 *    run by the worker, a rename) drops its records and announces it on its Redis channel
 *    (`<CACHE_PREFIX>:<subgraph>:invalidate`); every gateway instance hears it and drops the tags
 *    of those records — a record id with a USCC in it its enterprise, any other its subgraph's
 *    keyless entries. Writes that never pass the gateway are covered this way.
 *  - mutations through the gateway: every USCC in a mutation fetch's arguments and answer, and the
 *    mutated subgraph's keyless entries, before the mutation's answer is returned.
 * With Redis the entries live only there, so a deletion is seen by every instance at once.
 *
 * Outages: an entry is kept GATEWAY_RESPONSE_CACHE_STALE_S past its time to live; when the subgraph
 * cannot answer for it (no answer, or DEPARTMENT_UNAVAILABLE on that entity) the expired copy is
 * served, and the response says so in `extensions.stale` as the departments' own stale copies do.
 */
export interface ResponseCacheOptions {
  /** Redis (REDIS_URL): entries shared by every instance, and the departments' invalidations heard. */
  redisUrl?: string;
  prefix: string;
  /** Subgraph names: whose invalidation channels to hear. */
  subgraphs: readonly string[];
  maxTtlMs: number;
  staleMs: number;
  /** Entries held in process without Redis. */
  maxEntries: number;
  logger: Logger;
  store?: ResponseStore;
  now?: () => number;
}

/** Where each slot of an entity fetch's answer comes from. */
type Slot = { kind: 'hit'; answer: CachedAnswer } | { kind: 'miss'; key: string; stale?: CachedAnswer };

export interface PreparedFetch {
  /** The whole answer from the cache: no subgraph call. */
  hit?: GatewayGraphQLResponse;
  /** Seconds the hit stays fresh (its entries' least): the gateway answer's cache policy. */
  hitMaxAge?: number;
  /** What to send the subgraph: only the representations that missed. */
  request: GatewayGraphQLRequest;
  /** The subgraph answered `request`: the answer in the fetch's own shape; stores what may be stored. */
  complete(answer: GatewayGraphQLResponse, cacheControl: string | undefined, notices: StaleNotice[]): Promise<GatewayGraphQLResponse>;
  /**
   * The subgraph did not answer: the hits, stale copies where there are some and `degraded` (the
   * missed part's substitute) for the rest, or null when no cached copy helps.
   */
  failed(degraded: GatewayGraphQLResponse | null, reason: string, notices: StaleNotice[]): GatewayGraphQLResponse | null;
}

const MUTATION = /^\s*mutation\b/;
const QUERY = /^\s*(?:query\b|\{)/;

export class ResponseCache {
  readonly store: ResponseStore;
  private readonly now: () => number;
  /** When this instance last invalidated each tag: an answer fetched before that is not stored. */
  private readonly invalidatedAt = new LRUCache<string, number>({ max: 50_000 });
  private readonly selections = new LRUCache<string, string>({ max: 2_000 });
  private subscriber?: Redis;

  constructor(private readonly o: ResponseCacheOptions) {
    this.now = o.now ?? Date.now;
    this.store = o.store ?? (o.redisUrl ? new RedisResponseStore(o.redisUrl, o.prefix, o.maxTtlMs + o.staleMs, o.logger) : new MemoryResponseStore(o.maxEntries, this.now));
    if (o.redisUrl) this.hearDepartments(o.redisUrl);
  }

  /** Resolves once the departments' invalidation channels are heard (tests wait for it before writing). */
  async listening(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.subscriber && !this.subscribed) {
      if (Date.now() > deadline) throw new Error(`response cache: invalidation channels not subscribed within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private subscribed = false;

  private hearDepartments(url: string) {
    const channels = this.o.subgraphs.map((s) => `${this.o.prefix}:${s}:invalidate`);
    const subscriber = createRedis(url, { connectionName: `${this.o.prefix}:response-cache:invalidations`, retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000) });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the store's connection reports Redis outages
    subscriber.on('ready', () => {
      subscriber.subscribe(...channels).then(() => (this.subscribed = true), () => undefined);
    });
    subscriber.on('message', (channel: string, text: string) => {
      const subgraph = this.o.subgraphs[channels.indexOf(channel)];
      if (subgraph === undefined) return;
      let ids: unknown;
      try {
        ids = (JSON.parse(text) as { ids?: unknown }).ids;
      } catch {
        return;
      }
      if (!Array.isArray(ids)) return;
      const tags = new Set<string>();
      for (const id of ids) {
        if (typeof id !== 'string') continue;
        const usccs = usccsIn(id);
        if (usccs.length === 0) tags.add(`keyless:${subgraph}`);
        for (const u of usccs) tags.add(`enterprise:${u}`);
      }
      void this.invalidate([...tags], 'department');
    });
  }

  /** Deletes every entry under these tags (on every instance: they share the store). */
  async invalidate(tags: readonly string[], source: 'mutation' | 'department'): Promise<void> {
    if (tags.length === 0) return;
    const at = this.now();
    for (const t of tags) this.invalidatedAt.set(t, at);
    metrics.responseCacheInvalidations.inc({ source }, tags.length);
    try {
      await this.store.invalidate(tags);
    } catch (error) {
      this.o.logger.error({ err: { message: (error as Error).message }, tags: tags.length, source }, 'response cache: invalidation failed; those entries stay until their time to live');
    }
  }

  /** After a mutation fetch (answered or not: it may have run): its enterprises' and subgraph's keyless entries. */
  async mutated(subgraph: string, request: GatewayGraphQLRequest, response: GatewayGraphQLResponse | undefined): Promise<void> {
    const usccs = new Set([...usccsIn(request.query ?? ''), ...usccsIn(request.variables), ...usccsIn(response?.data)]);
    await this.invalidate([`keyless:${subgraph}`, ...[...usccs].map((u) => `enterprise:${u}`)], 'mutation');
  }

  isMutation(request: GatewayGraphQLRequest): boolean {
    return MUTATION.test(request.query ?? '');
  }

  /**
   * Looks the fetch up: null when it is not one the cache takes (a mutation, no authorization
   * class); else what the cache holds for it, and how to finish it with the subgraph's answer.
   */
  async prepare(subgraph: string, department: string, request: GatewayGraphQLRequest, authClass: string | null): Promise<PreparedFetch | null> {
    if (authClass === null || !request.query || !QUERY.test(request.query)) return null;
    const variables = request.variables ?? {};
    const representations = variables.representations;
    const selection = this.selectionOf(request);
    const started = this.now();
    if (Array.isArray(representations)) {
      if (representations.length === 0) return null;
      const { representations: _, ...others } = variables;
      const base = [subgraph, selection, authClass, canonical(others)];
      const keys = representations.map((r) => hash([...base, canonical(r)]));
      return this.prepareEntities(subgraph, department, request, representations, keys, started);
    }
    const key = hash([subgraph, selection, authClass, canonical(variables)]);
    return this.prepareRoot(subgraph, department, request, key, started);
  }

  private selectionOf(request: GatewayGraphQLRequest): string {
    const text = `${request.operationName ?? ''}\n${request.query}`;
    let s = this.selections.get(text);
    if (s === undefined) this.selections.set(text, (s = hash([text])));
    return s;
  }

  private fresh(a: CachedAnswer | undefined, now: number): a is CachedAnswer {
    return a !== undefined && now - a.at < a.ttl;
  }

  private keptStale(a: CachedAnswer | undefined, now: number): CachedAnswer | undefined {
    return a !== undefined && now - a.at < a.ttl + this.o.staleMs ? a : undefined;
  }

  private notice(department: string, a: CachedAnswer, reason: string, now: number): StaleNotice {
    return { department: department as StaleNotice['department'], ageSeconds: Math.round((now - a.at) / 1000), asOf: new Date(a.at).toISOString(), reason };
  }

  /** A freshness hint worth storing: a positive max-age, not private; its time to live in ms, or 0. */
  private ttlOf(cacheControl: string | undefined): number {
    const hint = cacheHintOf(cacheControl);
    if (hint.scope === 'PRIVATE' || hint.maxAge <= 0) return 0;
    return Math.min(hint.maxAge * 1000, this.o.maxTtlMs);
  }

  /** Tags invalidated since the fetch started: its answer may predate the write, so it is not stored. */
  private invalidatedSince(tags: readonly string[], started: number): boolean {
    return tags.some((t) => (this.invalidatedAt.get(t) ?? -Infinity) >= started);
  }

  private async write(writes: StoreWrite[], started: number): Promise<void> {
    const kept = writes.filter((w) => !this.invalidatedSince(w.tags, started));
    if (kept.length) await this.store.set(kept);
  }

  private async prepareEntities(
    subgraph: string, department: string, request: GatewayGraphQLRequest, representations: unknown[], keys: string[], started: number,
  ): Promise<PreparedFetch> {
    const found = await this.store.get(keys);
    const now = this.now();
    const slots: Slot[] = found.map((a, i) => (this.fresh(a, now) ? { kind: 'hit', answer: a } : { kind: 'miss', key: keys[i], stale: this.keptStale(a, now) }));
    const missed = slots.flatMap((s, i) => (s.kind === 'miss' ? [i] : []));
    const hits = slots.length - missed.length;
    if (hits) metrics.responseCacheLookups.inc({ subgraph, result: 'hit' }, hits);
    if (missed.length) metrics.responseCacheLookups.inc({ subgraph, result: 'miss' }, missed.length);
    const hitValue = (i: number) => (slots[i] as { answer: CachedAnswer }).answer.v;
    if (missed.length === 0) {
      const hitMaxAge = Math.min(...slots.map((s) => left((s as { answer: CachedAnswer }).answer, now)));
      return { hit: { data: { _entities: slots.map((_, i) => hitValue(i)) } }, hitMaxAge, request, complete: async (a) => a, failed: () => null };
    }

    const sent: GatewayGraphQLRequest = missed.length === slots.length ? request : { ...request, variables: { ...request.variables, representations: missed.map((i) => representations[i]) } };
    /** The answer to the missed representations put back among the hits, errors' indexes rebased. */
    const merge = (answer: GatewayGraphQLResponse, fill: (j: number) => unknown, filled = false): GatewayGraphQLResponse => {
      if (hits === 0 && !filled) return answer;
      const data = answer.data as { _entities?: unknown[] } | null | undefined;
      const entities = slots.map((s, i) => (s.kind === 'hit' ? hitValue(i) : fill(missed.indexOf(i))));
      const merged: GatewayGraphQLResponse = { ...answer, data: data === null && hits === 0 ? null : { ...data, _entities: entities } };
      if (answer.errors) {
        merged.errors = answer.errors.map((e) => {
          const p = e.path;
          return p && p[0] === '_entities' && typeof p[1] === 'number' && missed[p[1]] !== undefined ? { ...e, path: ['_entities', missed[p[1]], ...p.slice(2)] } : e;
        });
      }
      return merged;
    };

    return {
      request: sent,
      complete: async (answer, cacheControl, notices) => {
        const entities = (answer.data as { _entities?: unknown[] } | null | undefined)?._entities;
        if (!Array.isArray(entities) || entities.length !== missed.length) return merge(answer, (j) => (Array.isArray(entities) ? entities[j] : null));
        const now = this.now();
        // Entities the department could not answer for: our own expired copy, said to be stale.
        const unavailable = new Set<number>();
        const otherErrors = new Set<number>();
        let unplaced = false;
        for (const e of answer.errors ?? []) {
          const j = e.path?.[0] === '_entities' && typeof e.path[1] === 'number' ? e.path[1] : -1;
          if (j < 0 || j >= missed.length) unplaced = true;
          else if (e.extensions?.code === 'DEPARTMENT_UNAVAILABLE') unavailable.add(j);
          else otherErrors.add(j);
        }
        const restored = new Set<number>();
        for (const j of unavailable) {
          const stale = (slots[missed[j]] as { stale?: CachedAnswer }).stale;
          if (stale && !otherErrors.has(j)) {
            restored.add(j);
            notices.push(this.notice(department, stale, 'OUTAGE', now));
            metrics.responseCacheLookups.inc({ subgraph, result: 'stale' });
          }
        }
        const ttl = this.ttlOf(cacheControl);
        const staleAnswer = Array.isArray(answer.extensions?.stale) && answer.extensions.stale.length > 0;
        if (ttl > 0 && !staleAnswer && !unplaced) {
          const writes: StoreWrite[] = [];
          missed.forEach((i, j) => {
            if (unavailable.has(j) || otherErrors.has(j) || entities[j] == null) return;
            const tags = tagsOf(subgraph, representations[i], entities[j]);
            writes.push({ key: keys[i], answer: { v: entities[j], at: now, ttl }, tags, keepMs: ttl + this.o.staleMs });
          });
          await this.write(writes, started);
        }
        const kept = restored.size ? { ...answer, errors: answer.errors?.filter((e) => !restored.has(e.path?.[1] as number)) } : answer;
        if (kept.errors?.length === 0) delete kept.errors;
        return merge(kept, (j) => (restored.has(j) ? (slots[missed[j]] as { stale: CachedAnswer }).stale.v : entities[j]), restored.size > 0);
      },
      failed: (degraded, reason, notices) => {
        const now = this.now();
        const stale = missed.map((i) => (slots[i] as { stale?: CachedAnswer }).stale);
        if (hits === 0 && stale.every((s) => !s)) return null;
        if (!degraded && stale.some((s) => !s)) return null;
        for (const s of stale) if (s) notices.push(this.notice(department, s, reason, now));
        const servedStale = stale.filter(Boolean).length;
        if (servedStale) metrics.responseCacheLookups.inc({ subgraph, result: 'stale' }, servedStale);
        const entities = (degraded?.data as { _entities?: unknown[] } | undefined)?._entities ?? [];
        const base: GatewayGraphQLResponse = { data: { _entities: entities }, errors: degraded?.errors?.filter((e) => !stale[e.path?.[1] as number]) };
        if (!base.errors?.length) delete base.errors;
        return merge(base, (j) => stale[j]?.v ?? entities[j] ?? null, true);
      },
    };
  }

  private async prepareRoot(subgraph: string, department: string, request: GatewayGraphQLRequest, key: string, started: number): Promise<PreparedFetch> {
    const [found] = await this.store.get([key]);
    const now = this.now();
    if (this.fresh(found, now)) {
      metrics.responseCacheLookups.inc({ subgraph, result: 'hit' });
      return { hit: { data: found.v as Record<string, unknown> }, hitMaxAge: left(found, now), request, complete: async (a) => a, failed: () => null };
    }
    metrics.responseCacheLookups.inc({ subgraph, result: 'miss' });
    const stale = this.keptStale(found, now);
    return {
      request,
      complete: async (answer, cacheControl) => {
        const ttl = this.ttlOf(cacheControl);
        const staleAnswer = Array.isArray(answer.extensions?.stale) && answer.extensions.stale.length > 0;
        if (ttl > 0 && !staleAnswer && !answer.errors?.length && answer.data) {
          const tags = tagsOf(subgraph, [request.query, request.variables], answer.data);
          await this.write([{ key, answer: { v: answer.data, at: this.now(), ttl }, tags, keepMs: ttl + this.o.staleMs }], started);
        }
        return answer;
      },
      failed: (_degraded, reason, notices) => {
        if (!stale) return null;
        notices.push(this.notice(department, stale, reason, this.now()));
        metrics.responseCacheLookups.inc({ subgraph, result: 'stale' });
        return { data: stale.v as Record<string, unknown> };
      },
    };
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    await this.store.close();
  }
}

/** Whole seconds an entry stays fresh. */
const left = (a: CachedAnswer, now: number): number => Math.max(0, Math.floor((a.ttl - (now - a.at)) / 1000));

/** JSON with every object's keys sorted: equal values, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

const hash = (parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('base64url');
