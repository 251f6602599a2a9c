import type DataLoader from 'dataloader';
import { batchLoader } from '@district/department-access';
import type { DepartmentContext, LoaderDeps, WarmReadDefinition } from '@district/subgraph-kit';
import type { TaxAdapter, TaxReads } from './adapter.ts';
import { BATCH_LIMIT, QUERY_KINDS, type QueryKind } from './codes.ts';
import type { Taxpayer } from './domain.ts';
import { TaxpayerReads } from './taxpayer-reads.ts';

/**
 * Per-request loaders, one per *kind set* (查询类型 combination), created on first use.
 *
 * Why: the bus's combined query (综合批量查询) answers any subset of {DJXX, XYDJ, SBXX, JKXX, QSXX,
 * FPED} for 50 taxpayers in one call, and the expensive kinds (12 months of declarations,
 * payments) should cost nothing when nobody asked for them. A loader per field would cost one call
 * per field per 50 enterprises; one loader fetching everything would make every dashboard pay for
 * declarations. So `Enterprise.__resolveReference` reads the operation's selection once
 * (selection.ts) and asks the loader for exactly the kinds that selection needs. Every entity in
 * one `_entities` call has the same selection, hence the same kind set, hence the same loader:
 * N enterprises cost ceil(N / 50) calls whatever fields are asked — a dashboard of 200
 * enterprises asking status, credit grade and arrears is 4 calls of {DJXX, XYDJ, QSXX}.
 * A block that is somehow missing later (a field reached without a reference) is fetched by the
 * loader of that one kind, again batched.
 *
 * Each batch goes through TaxpayerReads: cached (USCC, kind) records cost nothing, and the misses
 * of a batch are still one combined call (see taxpayer-reads.ts), so the counts above are the
 * cold-cache counts; a stale copy served when the bus fails is recorded in `freshness`.
 */
export function createLoaders({ adapter, reads, freshness }: LoaderDeps<TaxReads>) {
  const taxpayers = new TaxpayerReads({ adapter, reads });
  const byKindSet = new Map<string, DataLoader<string, Taxpayer | null>>();
  return {
    taxpayers(kinds: readonly QueryKind[]): DataLoader<string, Taxpayer | null> {
      // Canonical order, so {QSXX, DJXX} and {DJXX, QSXX} share one loader.
      const set = QUERY_KINDS.filter((k) => kinds.includes(k));
      const key = set.join(',');
      let loader = byKindSet.get(key);
      if (!loader) {
        // An Error value in the map rejects only that key (DataLoader semantics): one malformed record fails one enterprise.
        loader = batchLoader<string, Taxpayer>({ maxBatchSize: BATCH_LIMIT, fetch: (ids) => taxpayers.load(ids, set, freshness) as Promise<Map<string, Taxpayer>> });
        byKindSet.set(key, loader);
      }
      return loader;
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;

/**
 * What a dashboard reads of 税务 (status, credit grade, arrears: DJXX, XYDJ, QSXX), kept warm
 * (CACHE_REFRESH). Arrears expire first (minutes), so their age says when; the refresh reads the
 * three kinds in one combined call per 50, as the dashboard's own read does.
 */
export const DASHBOARD_KINDS: readonly QueryKind[] = ['DJXX', 'XYDJ', 'QSXX'];
export const WARM: ReadonlyArray<WarmReadDefinition<Loaders>> = [
  { kind: 'QSXX', batchSize: BATCH_LIMIT, refresh: (loaders, keys) => Promise.allSettled(keys.map((uscc) => loaders.taxpayers(DASHBOARD_KINDS).load(uscc))) },
];

/** What every resolver gets (the template's context, packages/subgraph-kit/src/department-template.ts). */
export type TaxContext = DepartmentContext<TaxAdapter, Loaders>;
