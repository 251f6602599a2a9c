import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { CachedNotice, StaleNotice } from '@district/department-access';
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
 * fresh) or freshness notices of another department (dataReadAt), mutations, the gateway's own calls.
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
 * An entry's age is its data's (dataReadAt below): when the subgraph answered from its department's
 * cache (`extensions.asOf`), the entry is written as of when the department was read, not when the
 * gateway stored it, so its time to live does not stack on the department cache's. An answer served
 * from an entry says how fresh it is as the department caches do: per department, in
 * `extensions.asOf`, the oldest entry served (PreparedFetch.servedAsOf).
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
  /**
   * How fresh the part answered from the cache is (数据时间, `extensions.asOf`): when the oldest fresh
   * entry the fetch serves was read from the department. Set when any entry is a hit; the caller
   * reports it whenever those hits are served — with `hit`, with `complete`'s answer, or with
   * `failed`'s when it returns one. Expired copies served in an outage are not here but in
   * `extensions.stale`.
   */
  servedAsOf?: CachedNotice;
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

  /** `extensions.asOf` for data of `department` read at `at`, served from an entry. */
  private asOfNotice(department: string, at: number, now: number): CachedNotice {
    return { department: department as CachedNotice['department'], asOf: new Date(at).toISOString(), ageSeconds: Math.max(0, Math.round((now - at) / 1000)) };
  }

  /** How long the store keeps an entry whose data was read at `at`: what is left of its time to live and stale window. */
  private keepMsOf(at: number, ttl: number, now: number): number {
    return ttl + this.o.staleMs - (now - at);
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
    const hitAnswers = slots.flatMap((s) => (s.kind === 'hit' ? [s.answer] : []));
    const servedAsOf = hitAnswers.length ? this.asOfNotice(department, Math.min(...hitAnswers.map((a) => a.at)), now) : undefined;
    if (missed.length === 0) {
      const hitMaxAge = Math.min(...hitAnswers.map((a) => left(a, now)));
      return { hit: { data: { _entities: slots.map((_, i) => hitValue(i)) } }, hitMaxAge, servedAsOf, request, complete: async (a) => a, failed: () => null };
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
      servedAsOf,
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
        const at = dataReadAt(answer, department, now);
        const keepMs = at === null ? 0 : this.keepMsOf(at, ttl, now);
        if (ttl > 0 && !staleAnswer && !unplaced && keepMs > 0) {
          const writes: StoreWrite[] = [];
          missed.forEach((i, j) => {
            if (unavailable.has(j) || otherErrors.has(j) || entities[j] == null) return;
            const tags = tagsOf(subgraph, representations[i], entities[j]);
            writes.push({ key: keys[i], answer: { v: entities[j], at: at!, ttl }, tags, keepMs });
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
      const servedAsOf = this.asOfNotice(department, found.at, now);
      return { hit: { data: found.v as Record<string, unknown> }, hitMaxAge: left(found, now), servedAsOf, request, complete: async (a) => a, failed: () => null };
    }
    metrics.responseCacheLookups.inc({ subgraph, result: 'miss' });
    const stale = this.keptStale(found, now);
    return {
      request,
      complete: async (answer, cacheControl) => {
        const ttl = this.ttlOf(cacheControl);
        const staleAnswer = Array.isArray(answer.extensions?.stale) && answer.extensions.stale.length > 0;
        const now = this.now();
        const at = dataReadAt(answer, department, now);
        const keepMs = at === null ? 0 : this.keepMsOf(at, ttl, now);
        if (ttl > 0 && !staleAnswer && !answer.errors?.length && answer.data && keepMs > 0) {
          const tags = tagsOf(subgraph, [request.query, request.variables], answer.data);
          await this.write([{ key, answer: { v: answer.data, at: at!, ttl }, tags, keepMs }], started);
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

/**
 * When the data of a subgraph's answer was read from its department, epoch ms: now, unless the
 * answer says (`extensions.asOf`, the department-access FreshnessReport) that part of it was served
 * from the department's own cache, read earlier — then when that copy was read. An entry written
 * with this time counts its freshness and its time to live from when the department was read, not
 * from when the gateway stored it: a copy the department cache had held for most of its time to
 * live is not kept by the gateway for another whole one (up to twice its time to live old), and a
 * hit on it reports its true age.
 *
 * Conservative: the notice is per response and department, not per entity, so the oldest notice
 * for the department dates every entity of the answer, even those read from the department just now
 * (they expire a little early; none is ever said fresher than it is). A subgraph reports its own
 * department only; a notice for another department, or one whose time cannot be read, means a part
 * of the answer whose age the entry could not carry: null, the answer is not kept.
 */
export function dataReadAt(answer: GatewayGraphQLResponse, department: string, now: number): number | null {
  const notices = answer.extensions?.asOf;
  if (notices === undefined) return now;
  if (!Array.isArray(notices)) return null;
  let at = now;
  for (const n of notices as Partial<CachedNotice>[]) {
    const read = typeof n?.asOf === 'string' ? Date.parse(n.asOf) : NaN;
    if (n?.department !== department || !Number.isFinite(read)) return null;
    at = Math.min(at, read);
  }
  return at;
}

/** Whole seconds an entry stays fresh. */
const left = (a: CachedAnswer, now: number): number => Math.max(0, Math.floor((a.ttl - (now - a.at)) / 1000));

/** JSON with every object's keys sorted: equal values, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

const hash = (parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('base64url');
