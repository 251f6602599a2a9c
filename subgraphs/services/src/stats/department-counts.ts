import { randomUUID } from 'node:crypto';
import { DepartmentUnavailableError, type Caller, type UnavailableReason } from '@district/domain';
import type { CalledDepartment } from '../bundles/definitions.ts';
import type { DepartmentPost } from '../departments/subgraphs.ts';

/**
 * 楼宇统计's department part: what the departments hold about a building's enterprises, counted.
 * Read the way the dashboard (schema/operations/BuildingDashboard.graphql) reads them, so it never
 * costs the departments more: the building's enterprises from the market registry a page of 200 at
 * a time (the dashboard's page), and for each page one `_entities` read per department with that
 * page's enterprises, which each department subgraph batches to its backend's limit (tax 50, real
 * estate 20, medical insurance one per employer) exactly as for the gateway's entity fetch. Each
 * selection is a part of the dashboard's, from the same backend records.
 *
 * Read as role system without `fresh`: through the department subgraphs' caches, as the dashboard
 * is, and a stale copy served for a department that is down is used and marked stale. A department
 * that cannot be read (an error on any of its entities, a timeout) nulls its own counts only; the
 * registry is the list itself, so without it there is nothing to count (DEPARTMENT_UNAVAILABLE).
 */
export const REGISTRATION_STATUSES = ['EXISTING', 'REVOKED_NOT_DEREGISTERED', 'REVOKED_DEREGISTERED', 'DEREGISTERED', 'ANNULLED', 'MOVED_OUT', 'MOVED_IN', 'LIQUIDATING'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** 登记状态's short Chinese names, as charts and tables show them. */
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  EXISTING: '存续', REVOKED_NOT_DEREGISTERED: '吊销未注销', REVOKED_DEREGISTERED: '吊销已注销', DEREGISTERED: '注销',
  ANNULLED: '撤销', MOVED_OUT: '迁出', MOVED_IN: '迁入', LIQUIDATING: '清算',
};

/** The dashboard's page size, and the registry's largest. */
export const PAGE_SIZE = 200;
/**
 * How long one department read may take: under the gateway's budget for a call to us
 * (SUBGRAPH_TIMEOUT_MS, 5 s), so a slow department costs only its own counts, never the whole
 * field. A page costs medical insurance up to 200 calls within its concurrency cap (8 × ~35 ms each:
 * about 1 s).
 */
export const STATS_READ_TIMEOUT_MS = 4_000;

export interface DepartmentFreshness {
  department: CalledDepartment;
  /** When the data was read (for a stale copy: when that copy was read); null when unavailable. */
  asOf: string | null;
  stale: boolean;
  unavailable: boolean;
}

/** What the departments hold about one building's enterprises (JSON: it is cached as is). */
export interface DepartmentCounts {
  enterpriseCount: number;
  byRegistrationStatus: Record<RegistrationStatus, number>;
  abnormalListCount: number | null;
  taxArrearsCount: number | null;
  insuredHeadcount: number | null;
  insuranceArrearsCount: number | null;
  seizureCount: number | null;
  mortgageCount: number | null;
  freshness: DepartmentFreshness[];
}

export type BuildingCountsReader = (buildingId: string, requestId?: string) => Promise<DepartmentCounts>;

const entities = (on: string, selection: string, extra = '') =>
  `query($r: [_Any!]!${extra}) { _entities(representations: $r) { ... on ${on} { ${selection} } } }`;

const MARKET_PAGE = entities(
  'Building',
  'enterprises(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { uscc registration { status onAbnormalList } } } }',
  ', $first: Int, $after: String',
);

/** Per department: the selection on Enterprise, and how one page's entities add to the counts. */
const READS = {
  TAX: {
    selection: 'tax { hasArrears }',
    count: (es: any[]) => ({ taxArrearsCount: es.filter((e) => e?.tax?.hasArrears === true).length }),
  },
  MEDICAL_INSURANCE: {
    selection: 'medicalInsurance { hasArrears insuredCount { total } }',
    count: (es: any[]) => ({
      insuranceArrearsCount: es.filter((e) => e?.medicalInsurance?.hasArrears === true).length,
      insuredHeadcount: es.reduce((n, e) => n + (e?.medicalInsurance?.insuredCount?.total ?? 0), 0),
    }),
  },
  REAL_ESTATE: {
    selection: 'realEstate { hasMortgage hasSeizure }',
    count: (es: any[]) => ({
      mortgageCount: es.filter((e) => e?.realEstate?.hasMortgage === true).length,
      seizureCount: es.filter((e) => e?.realEstate?.hasSeizure === true).length,
    }),
  },
} as const satisfies Partial<Record<CalledDepartment, { selection: string; count: (es: any[]) => Record<string, number> }>>;
type CountedDepartment = keyof typeof READS;
const COUNTED = Object.keys(READS) as CountedDepartment[];

/** One department's answer: its data, and when it is from (a stale copy's date, or now). */
type Read = { ok: true; data: any; asOf: string; stale: boolean } | { ok: false; reason: UnavailableReason };

export function buildingCountsOver(post: DepartmentPost): BuildingCountsReader {
  async function ask(department: CalledDepartment, caller: Caller, query: string, variables: Record<string, unknown>): Promise<Read> {
    const readAt = new Date().toISOString();
    const reply = await post(department, caller, query, variables);
    if (!reply.ok) return { ok: false, reason: reply.reason };
    const { body } = reply;
    // Any error leaves some enterprise uncounted: a count that is silently short is worse than none.
    const error = body.errors?.[0];
    if (error) return { ok: false, reason: error.extensions?.code === 'DEPARTMENT_UNAVAILABLE' ? String(error.extensions.reason ?? 'OUTAGE') as UnavailableReason : 'ERROR' };
    if (!body.data) return { ok: false, reason: 'BAD_RESPONSE' };
    const stale = (body.extensions?.stale ?? []) as { department?: string; asOf?: string }[];
    const oldest = stale.map((s) => s.asOf).filter((a): a is string => typeof a === 'string').sort()[0];
    return { ok: true, data: body.data, asOf: oldest ?? readAt, stale: stale.length > 0 };
  }

  return async (buildingId, requestId = randomUUID()) => {
    const caller: Caller = { sub: 'building-stats', role: 'system', requestId };
    const counts: DepartmentCounts = {
      enterpriseCount: 0,
      byRegistrationStatus: Object.fromEntries(REGISTRATION_STATUSES.map((s) => [s, 0])) as Record<RegistrationStatus, number>,
      abnormalListCount: 0, taxArrearsCount: 0, insuredHeadcount: 0, insuranceArrearsCount: 0, seizureCount: 0, mortgageCount: 0,
      freshness: [],
    };
    const freshness = new Map<CalledDepartment, DepartmentFreshness>();
    /** Keeps a department's oldest date, and marks it stale or unavailable once any page was. */
    const note = (department: CalledDepartment, read: Read) => {
      const seen = freshness.get(department) ?? { department, asOf: null, stale: false, unavailable: false };
      if (!read.ok) seen.unavailable = true;
      else {
        seen.stale ||= read.stale;
        if (!seen.asOf || read.asOf < seen.asOf) seen.asOf = read.asOf;
      }
      freshness.set(department, seen);
    };

    // Each page's department reads start as soon as the page is in, while the next page is read.
    const pending: Promise<void>[] = [];
    let after: string | null = null;
    do {
      const page = await ask('MARKET', caller, MARKET_PAGE, { r: [{ __typename: 'Building', id: buildingId }], first: PAGE_SIZE, after });
      const connection = page.ok ? page.data._entities?.[0]?.enterprises : null;
      if (!page.ok || !connection) throw new DepartmentUnavailableError('MARKET', page.ok ? 'BAD_RESPONSE' : page.reason);
      note('MARKET', page);
      const nodes = (connection.edges as any[]).map((e) => e.node);
      counts.enterpriseCount = connection.totalCount;
      for (const n of nodes) {
        const status = n.registration?.status as RegistrationStatus | undefined;
        if (status && status in counts.byRegistrationStatus) counts.byRegistrationStatus[status]++;
        if (n.registration?.onAbnormalList === true) counts.abnormalListCount!++;
      }
      const r = nodes.map((n) => ({ __typename: 'Enterprise', uscc: n.uscc }));
      if (r.length) {
        for (const department of COUNTED) {
          pending.push(ask(department, caller, entities('Enterprise', READS[department].selection), { r }).then((read) => {
            note(department, read);
            if (!read.ok) return;
            for (const [field, n] of Object.entries(READS[department].count(read.data._entities ?? []))) {
              (counts as any)[field] += n;
            }
          }));
        }
      }
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    await Promise.all(pending);

    // A department that failed on any page has no count: part of one would mislead.
    const nulled: Record<CountedDepartment, (keyof DepartmentCounts)[]> = {
      TAX: ['taxArrearsCount'], MEDICAL_INSURANCE: ['insuredHeadcount', 'insuranceArrearsCount'], REAL_ESTATE: ['seizureCount', 'mortgageCount'],
    };
    for (const department of COUNTED) {
      // A building without enterprises asks no department but the registry: nothing to be unsure of.
      if (!freshness.has(department)) freshness.set(department, { department, asOf: freshness.get('MARKET')!.asOf, stale: false, unavailable: false });
      if (freshness.get(department)!.unavailable) for (const field of nulled[department]) (counts as any)[field] = null;
    }
    counts.freshness = (['MARKET', ...COUNTED] as CalledDepartment[]).map((d) => freshness.get(d)!);
    return counts;
  };
}
