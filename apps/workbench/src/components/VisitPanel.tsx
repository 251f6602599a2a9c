import { useState } from 'react';
import type { WorkbenchVisitsQuery } from '../gql/graphql.ts';
import type { EnterpriseRow } from './EnterpriseTable.tsx';
import type { RequestRow } from './RequestsPanel.tsx';
import { VISIT_TOPICS, districtTime, topicLabel } from '../labels.ts';

/**
 * 走楼访企 — the form to record a visit (when, who was met, topics, notes, requests raised during
 * it) and the building's latest visits. The enterprise is picked from the building's list by name,
 * or typed as its USCC when the registry cannot be read.
 */
export type VisitRow = NonNullable<NonNullable<WorkbenchVisitsQuery['building']>['visits']>['edges'][number]['node'];

export interface VisitDraft {
  uscc: string;
  visitedAt: string;
  met: string;
  topics: string[];
  notes: string;
  requestIds: string[];
}

/** Now, as a datetime-local value in the browser's time zone. */
const nowLocal = () => {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function VisitPanel({ enterprises, requests, visits, visitsTotal, onRecord, message }: {
  enterprises: EnterpriseRow[];
  requests: RequestRow[];
  visits: VisitRow[];
  visitsTotal: number | null;
  onRecord: (draft: VisitDraft) => Promise<boolean>;
  message?: { text: string; tone: 'ok' | 'error' };
}) {
  const empty = (): VisitDraft => ({ uscc: '', visitedAt: nowLocal(), met: '', topics: [], notes: '', requestIds: [] });
  const [draft, setDraft] = useState<VisitDraft>(empty);
  const [busy, setBusy] = useState(false);
  const names = new Map(enterprises.map((e) => [e.uscc, e.registration?.name]));
  const raisable = requests.filter((r) => r.uscc === draft.uscc.trim());
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  return (
    <section className="panel" id="visits">
      <h2>走楼访企 <span className="en">Visits</span>{visitsTotal !== null && <span className="count">{visitsTotal}</span>}</h2>
      <div className="visit-layout">
        <form className="visit-form" aria-label="记录走访 Record a visit" onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            if (await onRecord({ ...draft, uscc: draft.uscc.trim() })) setDraft(empty());
          } finally {
            setBusy(false);
          }
        }}>
          <h3>记录走访 <span className="en">Record a visit</span></h3>
          <label>企业 Enterprise
            <input name="uscc" list="building-enterprises" required placeholder="统一社会信用代码 USCC" value={draft.uscc} onChange={(e) => setDraft({ ...draft, uscc: e.target.value, requestIds: [] })} />
            <datalist id="building-enterprises">
              {enterprises.map((e) => <option key={e.uscc} value={e.uscc}>{e.registration?.name ?? e.uscc}</option>)}
            </datalist>
            {names.get(draft.uscc.trim()) && <span className="muted">{names.get(draft.uscc.trim())}</span>}
          </label>
          <label>走访时间 When
            <input name="visitedAt" type="datetime-local" required value={draft.visitedAt} max={nowLocal()} onChange={(e) => setDraft({ ...draft, visitedAt: e.target.value })} />
          </label>
          <label>接待人 Met
            <input name="met" required maxLength={200} placeholder="姓名或职务 Name or position" value={draft.met} onChange={(e) => setDraft({ ...draft, met: e.target.value })} />
          </label>
          <fieldset>
            <legend>议题 Topics</legend>
            {VISIT_TOPICS.map(([code, label]) => (
              <label key={code} className="check">
                <input type="checkbox" name="topics" value={code} checked={draft.topics.includes(code)} onChange={() => setDraft({ ...draft, topics: toggle(draft.topics, code) })} />{label}
              </label>
            ))}
          </fieldset>
          {raisable.length > 0 && (
            <fieldset>
              <legend>走访中提出的诉求 Requests raised</legend>
              {raisable.map((r) => (
                <label key={r.id} className="check">
                  <input type="checkbox" checked={draft.requestIds.includes(r.id)} onChange={() => setDraft({ ...draft, requestIds: toggle(draft.requestIds, r.id) })} />{r.id} {r.title}
                </label>
              ))}
            </fieldset>
          )}
          <label>走访记录 Notes
            <textarea name="notes" maxLength={4000} rows={3} value={draft.notes} onChange={(e) => setDraft({ ...draft, notes: e.target.value })} />
          </label>
          <button type="submit" disabled={busy || !draft.topics.length}>保存走访 Save visit</button>
          {!draft.topics.length && <span className="muted">请至少选择一个议题 Pick at least one topic</span>}
          {message && <p className={message.tone === 'ok' ? 'notice' : 'error'} role="status">{message.text}</p>}
        </form>
        <div className="visit-list">
          <h3>最近走访 <span className="en">Latest visits</span></h3>
          <ul>
            {visits.map((v) => (
              <li key={v.id} data-visit={v.id}>
                <div><strong>{names.get(v.uscc) ?? v.uscc}</strong> · {districtTime(v.visitedAt)}</div>
                <div className="muted">接待 Met: {v.met ?? '—'} · {v.topics.map(topicLabel).join('、')}{v.requests.length ? ` · 诉求 ${v.requests.map((r) => r.id).join(', ')}` : ''}</div>
              </li>
            ))}
            {!visits.length && <li className="muted">尚无走访记录 No visits yet</li>}
          </ul>
        </div>
      </div>
    </section>
  );
}
