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
  /**
   * USCC → the department fields of that row that could not be read (`registration`, `tax`, …): a
   * null there is "unknown", while a null without an error is the department's own "none" (an
   * enterprise with no medical insurance account, say).
   */
  unreadable: Map<string, Set<DepartmentField>>;
}

export type DepartmentField = 'registration' | 'tax' | 'medicalInsurance' | 'realEstate';
const FIELD_OF: Record<string, DepartmentField> = { MARKET: 'registration', TAX: 'tax', MEDICAL_INSURANCE: 'medicalInsurance', REAL_ESTATE: 'realEstate' };

/** The rows of one page whose department fields a DEPARTMENT_UNAVAILABLE error covers: the row its path names, else every row missing that field. */
function markUnreadable(answer: Answer<BuildingDashboardQuery>, rows: EnterpriseRow[], into: Map<string, Set<DepartmentField>>) {
  for (const e of answer.errors ?? []) {
    const field = FIELD_OF[e.extensions?.department ?? ''];
    if (e.extensions?.code !== 'DEPARTMENT_UNAVAILABLE' || !field) continue;
    const index = e.path?.[2] === 'edges' ? e.path[3] : undefined;
    const hit = typeof index === 'number' && rows[index] ? [rows[index]] : rows.filter((r) => r[field] === null);
    for (const r of hit) into.set(r.uscc, (into.get(r.uscc) ?? new Set()).add(field));
  }
}

/**
 * A building's whole enterprise list, page after page of the shared BuildingDashboard operation,
 * so the flag filters (which no department can apply for another) see every enterprise. Stops at a
 * page without enterprises (the registry down, or not the caller's building).
 */
export async function loadEnterprises(token: string, id: string): Promise<EnterprisesLoaded> {
  const rows: EnterpriseRow[] = [];
  const answers: Answer<BuildingDashboardQuery>[] = [];
  const unreadable = new Map<string, Set<DepartmentField>>();
  let after: string | null | undefined;
  let totalCount: number | null = null;
  do {
    const answer = await request(token, BuildingDashboardDocument, { id, first: PAGE, after });
    answers.push(answer);
    const connection = answer.data?.building?.enterprises;
    if (!connection) break;
    totalCount = connection.totalCount;
    const page = connection.edges.map((e) => e.node);
    markUnreadable(answer, page, unreadable);
    rows.push(...page);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after && rows.length < MAX_ENTERPRISES);
  return { rows, totalCount, answers, unreadable };
}
