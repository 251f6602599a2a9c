import type DataLoader from 'dataloader';
import { batchLoader } from '@district/common';
import { MARKET_BATCH_LIMIT } from './codes.ts';
import type { MarketEnterprise, RegistryList } from './model.ts';
import type { MarketAdapter } from './adapter.ts';

/**
 * Per-request loader of registry records with their child lists.
 *
 * Why one loader for every include set rather than one per set: the registry's batch call returns
 * the record and any lists in one reply, so everything asked for an enterprise in the same tick
 * (its registration, its building, its changes, annual reports, abnormal-list entries, events)
 * rides one call per 100 enterprises. Each USCC remembers which lists it was asked for; a batch
 * requests the union for its keys (a little over-fetch beats another round trip). A USCC asked
 * later for a list it was not fetched with is fetched again, with everything it had, in the next
 * batch. So a page of 200 listed enterprises asking for changes, annual reports and abnormal
 * entries costs 2 batch calls, however many of those lists it selects. The `registration`
 * resolver names the lists its selection needs up front (lookahead.ts), so they ride the same
 * call as the record instead of a second round once it is in.
 */
interface Entry {
  lists: Set<RegistryList>;
  /** Set once the batch carrying this entry has gone out; until then lists may still be added. */
  dispatched: boolean;
  value: Promise<MarketEnterprise | null>;
}

export class RegistryLoader {
  private readonly entries = new Map<string, Entry>();
  private readonly loader: DataLoader<string, MarketEnterprise | null>;

  constructor(adapter: Pick<MarketAdapter, 'getEnterprises'>) {
    this.loader = batchLoader<string, MarketEnterprise>({
      maxBatchSize: MARKET_BATCH_LIMIT,
      fetch: (usccs) => {
        const lists = new Set<RegistryList>();
        for (const uscc of usccs) {
          const entry = this.entries.get(uscc)!;
          entry.dispatched = true;
          for (const l of entry.lists) lists.add(l);
        }
        return adapter.getEnterprises(usccs, [...lists]);
      },
    });
  }

  /** The enterprise with at least these lists, or null when the registry has none under this USCC. */
  load(uscc: string, lists: readonly RegistryList[] = []): Promise<MarketEnterprise | null> {
    const entry = this.entries.get(uscc);
    if (entry && !entry.dispatched) {
      for (const l of lists) entry.lists.add(l);
      return entry.value;
    }
    if (entry && lists.every((l) => entry.lists.has(l))) return entry.value;
    const next: Entry = { lists: new Set([...(entry?.lists ?? []), ...lists]), dispatched: false, value: undefined! };
    this.entries.set(uscc, next);
    this.loader.clear(uscc);
    next.value = this.loader.load(uscc);
    return next.value;
  }

  /** Records that came from elsewhere (search results): no lookup for them unless a list is needed. */
  prime(enterprise: MarketEnterprise): void {
    if (this.entries.has(enterprise.uscc)) return;
    const lists = new Set((['changes', 'branches', 'annualReports', 'abnormalEntries'] as const).filter((l) => enterprise[l] !== undefined));
    this.entries.set(enterprise.uscc, { lists, dispatched: true, value: Promise.resolve(enterprise) });
  }
}
