import {
  DepartmentUnavailableError, type CachePolicy, type CacheResult, type DepartmentReads, type FreshnessReport, type TwoTierCache,
} from '@district/common';
import type { TaxReads } from './adapter.ts';
import { blockOf, type CachedBlock } from './cache-policy.ts';
import { QUERY_KINDS, type QueryKind } from './codes.ts';
import type { Taxpayer, TaxpayerBlocks } from './domain.ts';

/** One taxpayer as a loader batch answers it: absent = not found. */
export type TaxpayerAnswers = Map<string, Taxpayer | Error>;

/**
 * Every read of the 税务 bus: per (USCC, kind) cache, then one combined call behind
 * retries and the circuit breaker.
 *
 * Why not DepartmentReads.batch: it caches one record kind per call, and its fetch is one kind's
 * misses. The bus answers any set of kinds for 50 taxpayers in one call, and a dashboard of N
 * enterprises must cost ceil(N/50) calls on a cold cache, not one per kind. Calling batch once per
 * kind and merging the fetches underneath would put each kind's fetch in its own
 * `resilience.read`: one failed combined call would count K times against the breaker and be
 * retried K times, separately. So the per-kind reads are made here on the TwoTierCache itself,
 * with the same semantics as batch: `cache.loadMany` per kind (fresh hits from either tier,
 * single flight per (kind, USCC) across requests, stale-if-error), the misses of all kinds merged
 * into ONE `reads.resilience.read(() => adapter.getTaxpayers(missing USCCs, union of missing
 * kinds))` per batch, and each stale copy served recorded in the request's FreshnessReport. With
 * CACHE_ENABLED=false there is no cache: one guarded combined call per batch, as before.
 */
export class TaxpayerReads {
  constructor(
    private readonly deps: {
      adapter: TaxReads;
      reads: DepartmentReads;
      cache: TwoTierCache | null;
      policies: Record<QueryKind, CachePolicy>;
    },
  ) {}

  get reads(): DepartmentReads {
    return this.deps.reads;
  }

  /** Taxpayers `ids` with blocks `kinds` (at most one batch, ≤ 50 ids). */
  async load(ids: readonly string[], kinds: readonly QueryKind[], freshness?: FreshnessReport): Promise<TaxpayerAnswers> {
    const set = QUERY_KINDS.filter((k) => kinds.includes(k));
    const { adapter, reads, cache } = this.deps;
    // Each attempt (retry) calls the adapter afresh, so each carries its own tranSeq.
    const fetchCombined = (missing: string[], missingKinds: QueryKind[]) => reads.resilience.read(() => adapter.getTaxpayers(missing, missingKinds));
    if (!cache) {
      try {
        return await fetchCombined([...new Set(ids)], set);
      } catch (error) {
        return new Map(ids.map((id) => [id, error as Error]));
      }
    }
    return this.loadCached(cache, [...new Set(ids)], set, fetchCombined, freshness);
  }

  private async loadCached(
    cache: TwoTierCache,
    ids: string[],
    kinds: QueryKind[],
    fetchCombined: (missing: string[], kinds: QueryKind[]) => Promise<Map<string, Taxpayer | DepartmentUnavailableError>>,
    freshness?: FreshnessReport,
  ): Promise<TaxpayerAnswers> {
    const combiner = new CombinedFetch(kinds, fetchCombined);
    // All loadMany calls are made in this one synchronous loop: every flight this batch owns is
    // claimed before any other request can claim one, so batches never wait on each other in a cycle.
    const perKind = kinds.map((kind) => {
      const answers = cache.loadMany<CachedBlock>(kind, ids, (missing) => combiner.fetch(kind, missing), this.deps.policies[kind]);
      return answers.finally(() => combiner.settled(kind));
    });
    const results = await Promise.all(perKind);

    const out: TaxpayerAnswers = new Map();
    const unreadable = new Map<QueryKind, string[]>();
    ids.forEach((id, i) => {
      const parts = kinds.map((kind, k) => ({ kind, answer: results[k][i] }));
      const failed = parts.find((p) => p.answer instanceof Error);
      if (failed) return void out.set(id, failed.answer as Error);
      const answers = parts as { kind: QueryKind; answer: CacheResult<CachedBlock> }[];
      const bad = answers.find((p) => p.answer.value && 'unreadable' in p.answer.value);
      if (bad) {
        for (const p of answers) if (p.answer.value && 'unreadable' in p.answer.value) unreadable.set(p.kind, [...(unreadable.get(p.kind) ?? []), id]);
        const u = (bad.answer.value as Extract<CachedBlock, { unreadable: unknown }>).unreadable;
        return void out.set(id, new DepartmentUnavailableError('TAX', u.reason as DepartmentUnavailableError['reason'], { nativeCode: u.nativeCode, httpStatus: u.httpStatus }));
      }
      for (const p of answers) if (p.answer.stale) freshness?.record('TAX', p.answer.stale);
      // Not found for any kind: not found (a taxpayer confirmed minutes ago shows once its "not found" expires).
      if (answers.some((p) => p.answer.value === null)) return;
      out.set(id, assemble(id, answers.map((p) => ({ kind: p.kind, value: p.answer.value as Extract<CachedBlock, { block: unknown }> }))));
    });
    // A malformed record is never cached: what the read-through wrote for it goes again.
    await Promise.all([...unreadable].map(([kind, keys]) => cache.invalidate(kind, keys)));
    return out;
  }
}

/** One taxpayer from its per-kind records; the oldest 数据截止日期 is the answer's (the data is at least that recent). */
function assemble(id: string, parts: { kind: QueryKind; value: Extract<CachedBlock, { block: unknown }> }[]): Taxpayer {
  const blocks: Partial<TaxpayerBlocks> = {};
  for (const p of parts) (blocks as Record<QueryKind, unknown>)[p.kind] = p.value.block;
  const asOf = parts.map((p) => p.value.asOf).sort()[0];
  return { taxpayerId: id, name: parts[0].value.name, asOf, blocks };
}

/**
 * Merges the per-kind misses of one batch into one combined call. `loadMany` of each kind either
 * calls `fetch(kind, missing)` (after reading both tiers) or settles without fetching (all hits,
 * or all joined to other requests' flights); once every kind has done one or the other, the
 * misses go in one call: the missing USCCs, with the union of their missing kinds. Each kind gets
 * the records of its own misses (a USCC the bus did not name is null: "not found").
 * A kind whose records are all in flight for another request settles when that request's call
 * does; only then does this batch send its own misses (rare: it needs two requests overlapping
 * on some kinds of the same USCCs). It cannot wait in a cycle: a batch only ever joins flights
 * claimed before its own, all of which it claims in one synchronous pass (loadCached).
 */
class CombinedFetch {
  private readonly waiting: Set<QueryKind>;
  private readonly asked = new Map<QueryKind, { missing: string[]; resolve: (m: Map<string, CachedBlock | null>) => void; reject: (e: unknown) => void }>();

  constructor(
    kinds: readonly QueryKind[],
    private readonly fetchCombined: (missing: string[], kinds: QueryKind[]) => Promise<Map<string, Taxpayer | DepartmentUnavailableError>>,
  ) {
    this.waiting = new Set(kinds);
  }

  fetch(kind: QueryKind, missing: string[]): Promise<Map<string, CachedBlock | null>> {
    return new Promise((resolve, reject) => {
      this.asked.set(kind, { missing, resolve, reject });
      this.waiting.delete(kind);
      this.fireWhenAllIn();
    });
  }

  settled(kind: QueryKind): void {
    this.waiting.delete(kind);
    this.fireWhenAllIn();
  }

  private fireWhenAllIn(): void {
    if (this.waiting.size > 0 || this.asked.size === 0) return;
    const asked = [...this.asked];
    this.asked.clear();
    const ids = [...new Set(asked.flatMap(([, a]) => a.missing))];
    const kinds = QUERY_KINDS.filter((k) => asked.some(([kind]) => kind === k));
    this.fetchCombined(ids, kinds).then(
      (found) => {
        for (const [kind, a] of asked) {
          a.resolve(new Map(a.missing.map((id): [string, CachedBlock | null] => {
            const t = found.get(id);
            if (t === undefined) return [id, null];
            if (t instanceof Error) {
              const ext = t.extensions as { nativeCode?: string; httpStatus?: number };
              return [id, { unreadable: { reason: t.reason, nativeCode: ext.nativeCode, httpStatus: ext.httpStatus } }];
            }
            return [id, blockOf(t, kind)];
          })));
        }
      },
      (error: unknown) => { for (const [, a] of asked) a.reject(error); },
    );
  }
}
