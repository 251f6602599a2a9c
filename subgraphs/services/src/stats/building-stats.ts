import { forbidden, type Caller } from '@district/domain';
import { rowScope } from '@district/subgraph-kit';
import type { CachePolicy, TwoTierCache } from '@district/department-access';
import type { Db } from '../store/db.ts';
import { buildingActivity } from '../store/building-stats.ts';
import { REGISTRATION_STATUSES, REGISTRATION_STATUS_LABELS, type BuildingCountsReader, type DepartmentCounts } from './department-counts.ts';

/**
 * Building.stats (楼宇统计): the departments' counts (department-counts.ts), cached, and the
 * building's own activity from our store (store/building-stats.ts), live.
 *
 * Who: as Building.enterprises (subgraphs/market/src/scope.ts): building staff only their own
 * buildings, never the enterprise role, and any other role the @sensitivity(level: INTERNAL)
 * declaration admits (window staff, department officers, auditors).
 */
export function assertMayReadStats(caller: Caller, buildingId: string): void {
  const scope = rowScope(caller);
  if (scope.kind === 'all') return;
  if (scope.kind === 'self') throw forbidden('企业不能查看楼宇统计 — an enterprise may not read a building\'s statistics', { field: 'Building.stats' });
  if (!scope.buildings.has(buildingId)) {
    throw forbidden(`只有本楼楼小二可以查看楼宇统计 — building ${buildingId} is not one of the caller's buildings`, { field: 'Building.stats' });
  }
}

/**
 * How long a building's department counts are reused (STATS_CACHE_TTL_MS's default): two minutes.
 * A workbench page is opened and reloaded many times a day by several staff, and a building of 640
 * enterprises costs medical insurance 640 calls; counts two minutes old are good for a dashboard,
 * which shows `asOf` anyway. Well under the departments' own shortest freshness (arrears, 5 min).
 */
export const STATS_CACHE_TTL_MS = 120_000;
const KIND = 'building-stats';

/** The department counts through the cache; an answer missing a department is not kept. */
export class BuildingCounts {
  private readonly policy: CachePolicy;

  constructor(private readonly read: BuildingCountsReader, private readonly cache: TwoTierCache | null, ttlMs = STATS_CACHE_TTL_MS) {
    this.policy = { ttlMs: Math.max(1, ttlMs), staleIfErrorMs: 0 };
  }

  async get(buildingId: string, requestId?: string): Promise<DepartmentCounts> {
    if (!this.cache) return this.read(buildingId, requestId);
    const { value } = await this.cache.load<DepartmentCounts>(KIND, buildingId, (id) => this.read(id, requestId), this.policy);
    // Served to this request (and those waiting on the same read), then dropped: the next reader
    // asks again rather than seeing a department's outage for the whole TTL.
    if (value!.freshness.some((f) => f.unavailable || f.stale)) await this.cache.invalidate(KIND, [buildingId]);
    return value!;
  }

  close(): Promise<void> {
    return this.cache?.close() ?? Promise.resolve();
  }
}

export async function buildingStats(deps: { db: Db; counts: BuildingCounts; caller: Caller }, buildingId: string) {
  assertMayReadStats(deps.caller, buildingId);
  const [counts, activity] = await Promise.all([deps.counts.get(buildingId, deps.caller.requestId), buildingActivity(deps.db, buildingId)]);
  const dates = counts.freshness.map((f) => f.asOf).filter((a): a is string => !!a).sort();
  return {
    ...counts,
    ...activity,
    byRegistrationStatus: REGISTRATION_STATUSES.map((status) => ({ status, label: REGISTRATION_STATUS_LABELS[status], count: counts.byRegistrationStatus[status] })),
    asOf: dates[0] ?? null,
  };
}
