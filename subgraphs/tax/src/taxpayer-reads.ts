import type { DepartmentReads, FreshnessReport, KindRecords } from '@district/department-access';
import type { TaxReads } from './adapter.ts';
import { blockOf, type CachedBlock } from './cache-policy.ts';
import { QUERY_KINDS, type QueryKind } from './codes.ts';
import type { Taxpayer, TaxpayerBlocks } from './domain.ts';

/** One taxpayer as a loader batch answers it: absent = not found. */
export type TaxpayerAnswers = Map<string, Taxpayer | Error>;

/**
 * Every read of the 税务 bus. The bus answers any set of query kinds for 50 taxpayers in one
 * call, and a dashboard of N enterprises must cost ceil(N/50) calls on a cold cache, not one per
 * kind; so a batch is one `reads.batchKinds`: a cached record per (USCC, kind), each kind under its
 * own policy, and the misses of all kinds in ONE guarded call — the missing USCCs with the union
 * of their missing kinds. A record the bus sent malformed fails that taxpayer alone and is never
 * cached. With CACHE_ENABLED=false: one guarded combined call per batch.
 */
export class TaxpayerReads {
  constructor(private readonly deps: { adapter: TaxReads; reads: DepartmentReads }) {}

  /** Taxpayers `ids` with blocks `kinds` (at most one batch, ≤ 50 ids). */
  async load(ids: readonly string[], kinds: readonly QueryKind[], freshness?: FreshnessReport): Promise<TaxpayerAnswers> {
    const set = QUERY_KINDS.filter((k) => kinds.includes(k));
    const unique = [...new Set(ids)];
    const answers = await this.deps.reads.batchKinds<QueryKind, CachedBlock>(set, unique, (missing, asked) => this.fetchBlocks(missing, asked), freshness);
    const out: TaxpayerAnswers = new Map();
    unique.forEach((id, i) => {
      const records = answers[i];
      if (records instanceof Error) return void out.set(id, records);
      // Not found for any kind: not found (a taxpayer confirmed minutes ago shows once its "not found" expires).
      if (set.some((kind) => records[kind] === null)) return;
      out.set(id, assemble(id, set.map((kind) => ({ kind, value: records[kind]! }))));
    });
    return out;
  }

  /** One combined call, split into per-kind records. Each attempt (retry) calls the adapter afresh, so each carries its own tranSeq. */
  private async fetchBlocks(missing: string[], kinds: QueryKind[]): Promise<Map<string, KindRecords<QueryKind, CachedBlock> | Error>> {
    const found = await this.deps.adapter.getTaxpayers(missing, kinds);
    return new Map([...found].map(([id, t]) => [id, t instanceof Error ? t : Object.fromEntries(kinds.map((kind) => [kind, blockOf(t, kind)]))]));
  }
}

/** One taxpayer from its per-kind records; the oldest 数据截止日期 is the answer's (the data is at least that recent). */
function assemble(id: string, parts: { kind: QueryKind; value: CachedBlock }[]): Taxpayer {
  const blocks: Partial<TaxpayerBlocks> = {};
  for (const p of parts) (blocks as Record<QueryKind, unknown>)[p.kind] = p.value.block;
  const asOf = parts.map((p) => p.value.asOf).sort()[0];
  return { taxpayerId: id, name: parts[0].value.name, asOf, blocks };
}
