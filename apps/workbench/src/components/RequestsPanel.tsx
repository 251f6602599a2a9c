import { useState } from 'react';
import type { WorkbenchOpenRequestsQuery } from '../gql/graphql.ts';
import { ACTION_LABELS, departmentLabel, districtTime, requestStateLabel } from '../labels.ts';

/**
 * 待办诉求 — the building's open requests, overdue ones highlighted, each with the move the
 * building's staff may make now: 派单 (ACCEPTED), 回访 (ANSWERED), 办结 (RATED); and for requests
 * routed to SERVICES, the handling steps too (签收, 办理, 答复), which are the staff's own. The
 * department officer's steps and the enterprise's rating are other roles', shown as waiting.
 */
export type RequestRow = WorkbenchOpenRequestsQuery['buildingOpenRequests']['edges'][number]['node'];

const STAFF_MOVES: Record<string, string> = { ACCEPTED: 'DISPATCH', ANSWERED: 'CALL_BACK', RATED: 'CLOSE' };
const HANDLING_MOVES: Record<string, string> = { DISPATCHED: 'SIGN', SIGNED: 'START', IN_PROGRESS: 'ANSWER' };

/** The move the staff may make on this request now, if any. */
export function staffMove(r: Pick<RequestRow, 'state' | 'department'>): string | undefined {
  return STAFF_MOVES[r.state] ?? (r.department === 'SERVICES' ? HANDLING_MOVES[r.state] : undefined);
}

function waitingFor(r: RequestRow): string {
  if (r.state === 'CALLED_BACK') return '等待企业评价 Waiting for the enterprise’s rating';
  return `等待${departmentLabel(r.department).split(' ')[0]}办理 Waiting for ${departmentLabel(r.department).split(' ').slice(1).join(' ')}`;
}

export function RequestsPanel({ rows, totalCount, loading, error, onMove, onRefresh, message }: {
  rows: RequestRow[];
  totalCount: number | null;
  loading: boolean;
  error?: string;
  message?: { text: string; tone: 'ok' | 'error' };
  onMove: (request: RequestRow, action: string, note: string) => Promise<void>;
  onRefresh: () => void;
}) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <section className="panel" id="requests">
      <h2>
        待办诉求 <span className="en">Open requests</span>
        {totalCount !== null && <span className="count">{totalCount}</span>}
        {overdue > 0 && <span className="count alert">超期 {overdue} overdue</span>}
        <button type="button" className="link" onClick={onRefresh}>刷新 Refresh</button>
      </h2>
      {error && <p className="error">{error}</p>}
      {message && <p className={message.tone === 'ok' ? 'notice' : 'error'} role="status">{message.text}</p>}
      {loading && !rows.length ? <p className="muted">加载中… Loading…</p> : (
        <table className="grid requests">
          <thead>
            <tr>
              <th>诉求 Request</th>
              <th>分类 / 承办 Category / handled by</th>
              <th>状态 State</th>
              <th>时限 Due</th>
              <th>操作 Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const move = staffMove(r);
              return (
                <tr key={r.id} data-request={r.id} className={r.overdue ? 'overdue' : undefined}>
                  <td><div>{r.title}</div><div className="uscc">{r.id} · {r.uscc}</div></td>
                  <td>{r.category.label}<div className="muted">{departmentLabel(r.department)}</div></td>
                  <td><span className={`state state-${r.state}`}>{requestStateLabel(r.state)}</span></td>
                  <td>
                    {districtTime(r.dueAt)}
                    {r.overdue && <div className="badge">超期 Overdue{r.escalatedAt ? ' · 已督办 Escalated' : ''}</div>}
                  </td>
                  <td>
                    {move ? (
                      <form className="move" onSubmit={async (e) => {
                        e.preventDefault();
                        setBusy(r.id);
                        try {
                          await onMove(r, move, notes[r.id] ?? '');
                          setNotes((n) => ({ ...n, [r.id]: '' }));
                        } finally {
                          setBusy(null);
                        }
                      }}>
                        <input aria-label={`备注 Note ${r.id}`} placeholder={move === 'ANSWER' ? '答复内容 Answer' : '备注 Note (可选 optional)'} value={notes[r.id] ?? ''}
                          required={move === 'ANSWER'} maxLength={2000} onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))} />
                        <button type="submit" disabled={busy === r.id}>{ACTION_LABELS[move]}</button>
                      </form>
                    ) : <span className="muted">{waitingFor(r)}</span>}
                  </td>
                </tr>
              );
            })}
            {!rows.length && <tr><td colSpan={5} className="muted">没有待办诉求 No open requests</td></tr>}
            {totalCount !== null && totalCount > rows.length && <tr><td colSpan={5} className="muted">显示最新 {rows.length} 条，共 {totalCount} 条 — the newest {rows.length} of {totalCount}</td></tr>}
          </tbody>
        </table>
      )}
    </section>
  );
}
