import type { Db } from './db.ts';

/**
 * 楼宇统计's own part, from the services store, live: the building's open and overdue requests
 * (诉求) and its visits (走楼访企) of the last 30 days. Times are the database's clock, as for
 * escalation (store/request-escalation.ts), so "overdue" means the same to the worker and here.
 */
export interface BuildingActivity {
  openRequestCount: number;
  overdueRequestCount: number;
  visitsLast30Days: number;
}

export async function buildingActivity(db: Pick<Db, 'query'>, buildingId: string): Promise<BuildingActivity> {
  const [requests] = await db.query<{ open: string; overdue: string }>(
    `SELECT count(*) AS open, count(*) FILTER (WHERE due_at < now()) AS overdue FROM request WHERE building_id = $1 AND state <> 'CLOSED'`,
    [buildingId],
  );
  const [visits] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM visit WHERE building_id = $1 AND visited_at >= now() - interval '30 days'`,
    [buildingId],
  );
  return { openRequestCount: Number(requests.open), overdueRequestCount: Number(requests.overdue), visitsLast30Days: Number(visits.n) };
}
