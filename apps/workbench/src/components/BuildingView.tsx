import { useCallback, useEffect, useState } from 'react';
import { errorText, errorsWithCode, request, type Answer } from '../api.ts';
import {
  WorkbenchAdvanceRequestDocument, WorkbenchBuildingDocument, WorkbenchBuildingStatsDocument, WorkbenchOpenRequestsDocument, WorkbenchRecordVisitDocument, WorkbenchVisitsDocument,
  type WorkbenchBuildingQuery, type WorkbenchBuildingStatsQuery, type WorkbenchOpenRequestsQuery, type WorkbenchVisitsQuery,
} from '../gql/graphql.ts';
import { freshnessOf } from '../freshness.ts';
import { idempotencyKey } from '../idempotency.ts';
import { ACTION_LABELS, departmentLabel, requestStateLabel } from '../labels.ts';
import { loadEnterprises, type EnterprisesLoaded } from '../load.ts';
import type { Session } from '../session.ts';
import { EnterpriseTable } from './EnterpriseTable.tsx';
import { FreshnessNote } from './FreshnessNote.tsx';
import { RequestsPanel, type RequestRow } from './RequestsPanel.tsx';
import { StatsPanel } from './StatsPanel.tsx';
import { VisitPanel, type VisitDraft } from './VisitPanel.tsx';

/**
 * 楼宇工作台 — one building: its card, statistics, enterprises, open requests and visits, each
 * read on its own, so a part that fails (a department down) costs only that part. When the API
 * refuses the building itself (FORBIDDEN: not one of the caller's), the page says so plainly
 * instead of showing empty tables.
 */
interface Loaded {
  card?: Answer<WorkbenchBuildingQuery>;
  stats?: Answer<WorkbenchBuildingStatsQuery>;
  enterprises?: EnterprisesLoaded;
  requests?: Answer<WorkbenchOpenRequestsQuery>;
  visits?: Answer<WorkbenchVisitsQuery>;
}

const EMPTY = new Map<string, Set<never>>();
type Message = { text: string; tone: 'ok' | 'error' };
const firstError = (answer: Answer<unknown> | undefined, ...codes: string[]) => answer?.errors?.find((e) => codes.includes(e.extensions?.code ?? ''));

export function BuildingView({ session, id, fail }: { session: Session; id: string; fail: (error: unknown) => void }) {
  const [loaded, setLoaded] = useState<Loaded>({});
  const [loading, setLoading] = useState(true);
  const [requestMessage, setRequestMessage] = useState<Message>();
  const [visitMessage, setVisitMessage] = useState<Message>();
  const token = session.token;

  const loadRequests = useCallback(async () => {
    const requests = await request(token, WorkbenchOpenRequestsDocument, { buildingId: id, first: 100 });
    setLoaded((l) => ({ ...l, requests }));
  }, [token, id]);
  // The counts of open and overdue requests and of visits follow each move and visit.
  const loadStats = useCallback(async () => {
    const stats = await request(token, WorkbenchBuildingStatsDocument, { id });
    setLoaded((l) => ({ ...l, stats }));
  }, [token, id]);
  const loadVisits = useCallback(async () => {
    const visits = await request(token, WorkbenchVisitsDocument, { id, first: 10 });
    setLoaded((l) => ({ ...l, visits }));
  }, [token, id]);

  useEffect(() => {
    let live = true;
    setLoaded({});
    setLoading(true);
    setRequestMessage(undefined);
    setVisitMessage(undefined);
    const part = <T,>(p: Promise<T>, key: keyof Loaded) => p.then((value) => { if (live) setLoaded((l) => ({ ...l, [key]: value })); }, (error) => live && fail(error));
    Promise.all([
      part(request(token, WorkbenchBuildingDocument, { id }), 'card'),
      part(request(token, WorkbenchBuildingStatsDocument, { id }), 'stats'),
      part(loadEnterprises(token, id), 'enterprises'),
      part(request(token, WorkbenchOpenRequestsDocument, { buildingId: id, first: 100 }), 'requests'),
      part(request(token, WorkbenchVisitsDocument, { id, first: 10 }), 'visits'),
    ]).finally(() => live && setLoading(false));
    return () => { live = false; };
  }, [token, id, fail]);

  const building = loaded.card?.data?.building;
  const dashboard = loaded.enterprises?.answers ?? [];
  const forbidden = [loaded.stats, loaded.requests, loaded.visits, ...dashboard].some((a) => errorsWithCode(a, 'FORBIDDEN').length > 0);
  if (forbidden) {
    return (
      <div className="not-yours" role="alert">
        <h2>不是您负责的楼宇 <span className="en">Not your building</span></h2>
        <p>{building?.name ? `${building.name}（${id}）` : id} 不在您的负责范围内，其企业、诉求和走访不对您开放。</p>
        <p className="en">{id} is not one of the buildings you serve, so its enterprises, requests and visits are not shown to you.</p>
        <p className="muted">您负责的楼宇 Your buildings: {session.buildings.join('、') || '—'}</p>
      </div>
    );
  }
  if (loaded.card && !building && !loading && !firstError(loaded.card, 'DEPARTMENT_UNAVAILABLE', 'INTERNAL_SERVER_ERROR')) {
    return <div className="not-yours" role="alert"><h2>没有这座楼宇 <span className="en">No such building</span></h2><p>{id}</p></div>;
  }

  const stats = loaded.stats?.data?.building?.stats ?? null;
  const notes = freshnessOf([loaded.card, loaded.stats, loaded.requests, loaded.visits, ...dashboard], stats?.freshness);
  const statsError = loaded.stats && !stats ? loaded.stats.errors?.find((e) => e.extensions?.code !== 'DEPARTMENT_UNAVAILABLE') : undefined;
  const rows = loaded.enterprises?.rows ?? [];
  const requestRows = loaded.requests?.data?.buildingOpenRequests.edges.map((e) => e.node) ?? [];
  const enterprisesError = dashboard.length && !dashboard[0].data?.building?.enterprises ? dashboard[0].errors?.[0] : undefined;

  const move = async (r: RequestRow, action: string, note: string) => {
    try {
      const answer = await request(token, WorkbenchAdvanceRequestDocument, { input: { id: r.id, action: action as never, idempotencyKey: idempotencyKey('wb-move'), note: note || undefined } });
      const moved = answer.data?.advanceRequest;
      if (!moved) {
        setRequestMessage({ text: `${r.id}：${ACTION_LABELS[action]} 未完成 not done — ${answer.errors?.map(errorText).join('; ') ?? ''}`, tone: 'error' });
        return;
      }
      setRequestMessage({ text: `${r.id} → ${requestStateLabel(moved.state)}`, tone: 'ok' });
      await Promise.all([loadRequests(), loadStats()]);
    } catch (error) {
      fail(error);
    }
  };

  const record = async (draft: VisitDraft): Promise<boolean> => {
    try {
      const answer = await request(token, WorkbenchRecordVisitDocument, {
        input: {
          idempotencyKey: idempotencyKey('wb-visit'), uscc: draft.uscc, visitedAt: new Date(draft.visitedAt).toISOString(), met: draft.met,
          topics: draft.topics as never[], notes: draft.notes || undefined, requestIds: draft.requestIds.length ? draft.requestIds : undefined,
        },
      });
      const visit = answer.data?.recordVisit;
      if (!visit) {
        setVisitMessage({ text: `走访未保存 Visit not saved — ${answer.errors?.map(errorText).join('; ') ?? ''}`, tone: 'error' });
        return false;
      }
      setVisitMessage({ text: `已保存走访 Visit saved (${visit.id})`, tone: 'ok' });
      await Promise.all([loadVisits(), loadStats()]);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  };

  return (
    <div className="building">
      <header className="building-head">
        <h1>{building?.name ?? id} <span className="code">{id}</span></h1>
        {building && <p className="muted">{building.street} · {building.address} · 楼小二 Staff: {building.staff.map((s) => s.name).join('、') || '—'}</p>}
      </header>
      <FreshnessNote notes={notes} />
      <StatsPanel stats={stats} loading={!loaded.stats} error={statsError ? errorText(statsError) : undefined} />
      <EnterpriseTable rows={rows} unreadable={loaded.enterprises?.unreadable ?? EMPTY} totalCount={loaded.enterprises?.totalCount ?? null} loading={!loaded.enterprises}
        error={enterprisesError ? errorText(enterprisesError) : undefined}
        departmentsDown={notes.filter((n) => n.kind === 'unavailable').map((n) => departmentLabel(n.department).split(' ')[0])} />
      <RequestsPanel rows={requestRows} totalCount={loaded.requests?.data?.buildingOpenRequests.totalCount ?? null} loading={!loaded.requests}
        error={loaded.requests && !loaded.requests.data ? loaded.requests.errors?.map(errorText).join('; ') : undefined}
        message={requestMessage} onMove={move} onRefresh={() => { Promise.all([loadRequests(), loadStats()]).catch(fail); }} />
      <VisitPanel enterprises={rows} requests={requestRows} visits={loaded.visits?.data?.building?.visits?.edges.map((e) => e.node) ?? []}
        visitsTotal={loaded.visits?.data?.building?.visits?.totalCount ?? null} onRecord={record} message={visitMessage} />
    </div>
  );
}
