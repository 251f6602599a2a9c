import { badUserInput } from '@district/domain';
import { decodeCursor, encodeCursor, pageSize } from '@district/subgraph-kit';
import { quoteInput } from '@district/domain';
import type { MarketContext } from '../loaders.ts';
import { isSearchable } from '../adapter.ts';
import type { EnterpriseSearch, RegistrationStatus } from '../domain.ts';
import { searchEnterprises } from '../search-loader.ts';

/** Connections of enterprises (Query.enterprises, Building.enterprises) over the registry's search. */

/** 楼宇编码 as the district assigns them, e.g. LS-B001 (the registry refuses anything else). */
export const BUILDING_CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const TYPE_CODE = /^\d{4}$/;
const MAX_KEYWORD = 100;

export interface EnterpriseFilterInput {
  building?: string | null;
  status?: RegistrationStatus | null;
  type?: string | null;
  keyword?: string | null;
}

/** The filter in our vocabulary, or BAD_USER_INPUT saying which condition is malformed. */
export function searchFromFilter(filter: EnterpriseFilterInput | null | undefined): EnterpriseSearch {
  const search: EnterpriseSearch = {};
  if (!filter) return search;
  if (filter.building != null) {
    if (!BUILDING_CODE.test(filter.building)) {
      throw badUserInput(`filter.building must be a 楼宇编码 (building code) such as "LS-B001": 1–32 upper-case letters, digits and "-", got ${quoteInput(filter.building)}`, { argument: 'filter.building' });
    }
    search.buildingCode = filter.building;
  }
  if (filter.type != null) {
    if (!TYPE_CODE.test(filter.type)) throw badUserInput(`filter.type must be a 4-digit 企业类型 code such as "1130", got ${quoteInput(filter.type)}`, { argument: 'filter.type' });
    search.typeCode = filter.type;
  }
  const keyword = filter.keyword?.trim();
  if (keyword) {
    if (keyword.length > MAX_KEYWORD) throw badUserInput(`filter.keyword must be at most ${MAX_KEYWORD} characters, got ${keyword.length}`, { argument: 'filter.keyword' });
    search.keyword = keyword;
  }
  if (filter.status) search.status = filter.status;
  return search;
}

/**
 * One page; its records prime the registry loader, so `registration` and `building` of the listed
 * enterprises need no second lookup. `search: null`, or a search the registry cannot be asked, is
 * a list known to be empty (no call).
 */
export async function enterpriseConnection(ctx: MarketContext, search: EnterpriseSearch | null, args: { first?: number | null; after?: string | null }) {
  const limit = pageSize(args.first);
  const offset = decodeCursor(args.after);
  const { total, items } = search && isSearchable(search) ? await searchEnterprises(ctx.loaders.search, search, offset, limit) : { total: 0, items: [] };
  for (const e of items) ctx.loaders.registry.prime(e);
  const edges = items.map((e, i) => ({ cursor: encodeCursor(offset + i), node: { uscc: e.uscc } }));
  return {
    edges,
    totalCount: total,
    pageInfo: { hasNextPage: offset + items.length < total, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
