import DataLoader from 'dataloader';
import type { DepartmentReads, FreshnessReport } from '@district/department-access';
import type { MarketAdapter } from './adapter.ts';
import { MARKET_PAGE_LIMIT } from './codes.ts';
import { SEARCH_KIND, searchPageKey, type SearchPageSpec } from './cache-policy.ts';
import type { EnterpriseSearch, MarketEnterprise, SearchPage } from './domain.ts';
import { planPages } from './pagination.ts';
import { primeRegistrations } from './registry-loader.ts';

/**
 * Per-request loader of registry search pages, read through DepartmentReads: a page fresh in the
 * cache (kind `search`, keyed by the normalised filter and the registry's page) costs no call;
 * the pages missing in one tick are fetched together (one registry call each: the search has no
 * batch form), retried and behind the breaker; a stale page is served when the registry fails.
 * Records of pages fetched from the registry prime the `registration` cache.
 */
export interface SearchReadDeps {
  adapter: Pick<MarketAdapter, 'searchPage'>;
  reads: DepartmentReads;
  /** This request's report of stale copies served (extensions.stale). */
  freshness?: FreshnessReport;
}

const EMPTY: SearchPage = { total: 0, items: [] };

export class SearchLoader {
  private readonly specs = new Map<string, SearchPageSpec>();
  private readonly loader: DataLoader<string, SearchPage>;

  constructor(private readonly deps: SearchReadDeps) {
    this.loader = new DataLoader<string, SearchPage>((keys) => this.read(keys));
  }

  /** One registry page of a search. */
  page(spec: SearchPageSpec): Promise<SearchPage> {
    const key = searchPageKey(spec);
    if (!this.specs.has(key)) this.specs.set(key, spec);
    return this.loader.load(key);
  }

  private async read(keys: readonly string[]): Promise<Array<SearchPage | Error>> {
    const { adapter, reads, freshness } = this.deps;
    // Pages this batch has fetched, kept across DepartmentReads' retries: a retry asks again
    // (a new adapter call, signed afresh) only for the pages whose call failed.
    const calls = new Map<string, Promise<SearchPage>>();
    const fetched: MarketEnterprise[] = [];
    let answered = false;
    const fetchPages = async (missing: string[]) => {
      const pages = await Promise.all(missing.map((key) => {
        let call = calls.get(key);
        if (!call) {
          const { search, page, pageSize } = this.specs.get(key)!;
          call = adapter.searchPage(search, page, pageSize);
          calls.set(key, call);
          call.then((p) => void fetched.push(...p.items), () => void calls.delete(key));
        }
        return call;
      }));
      answered = true;
      return new Map(missing.map((key, i) => [key, pages[i]]));
    };
    const pages = await reads.batch<SearchPage>(SEARCH_KIND, keys, fetchPages, freshness);
    // Only after a read that succeeded: priming passes through the breaker as a success, which
    // must not follow a read that failed in the end.
    if (answered && fetched.length) await primeRegistrations(reads, fetched);
    return pages.map((p) => p ?? EMPTY);
  }
}

/**
 * One page of our size at any offset (the connection's), in USCC order, assembled from the
 * registry's pages (pagination.ts: the fewest calls, then the least over-fetch).
 */
export async function searchEnterprises(loader: SearchLoader, search: EnterpriseSearch, offset: number, limit: number): Promise<SearchPage> {
  const plan = planPages(offset, limit, MARKET_PAGE_LIMIT);
  const specs: SearchPageSpec[] = [];
  for (let page = plan.firstPage; page <= plan.lastPage; page++) specs.push({ search, page, pageSize: plan.pageSize });
  const pages = await Promise.all(specs.map((spec) => loader.page(spec)));
  const rows = pages.flatMap((p) => p.items);
  const skip = offset - (plan.firstPage - 1) * plan.pageSize;
  return { total: pages[0]?.total ?? 0, items: rows.slice(skip, skip + limit) };
}
