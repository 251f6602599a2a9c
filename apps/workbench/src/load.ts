import { request, type Answer } from './api.ts';
import { BuildingDashboardDocument, type BuildingDashboardQuery } from './gql/graphql.ts';
import type { EnterpriseRow } from './components/EnterpriseTable.tsx';

/** The most enterprises one building's table loads (pages of 200, the API's cap). */
export const MAX_ENTERPRISES = 2000;
const PAGE = 200;

export interface EnterprisesLoaded {
  rows: EnterpriseRow[];
  totalCount: number | null;
  /** Every page's answer: their errors and `extensions.stale` feed the freshness note. */
  answers: Answer<BuildingDashboardQuery>[];
}

/**
 * A building's whole enterprise list, page after page of the shared BuildingDashboard operation,
 * so the flag filters (which no department can apply for another) see every enterprise. Stops at a
 * page without enterprises (the registry down, or not the caller's building).
 */
export async function loadEnterprises(token: string, id: string): Promise<EnterprisesLoaded> {
  const rows: EnterpriseRow[] = [];
  const answers: Answer<BuildingDashboardQuery>[] = [];
  let after: string | null | undefined;
  let totalCount: number | null = null;
  do {
    const answer = await request(token, BuildingDashboardDocument, { id, first: PAGE, after });
    answers.push(answer);
    const connection = answer.data?.building?.enterprises;
    if (!connection) break;
    totalCount = connection.totalCount;
    rows.push(...connection.edges.map((e) => e.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after && rows.length < MAX_ENTERPRISES);
  return { rows, totalCount, answers };
}
