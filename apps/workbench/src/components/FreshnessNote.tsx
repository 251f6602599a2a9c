import type { DepartmentNote } from '../freshness.ts';
import { OUTAGE_REASONS, departmentLabel, districtTime } from '../labels.ts';

/**
 * 数据时效提示 — one line per department that could not be read fresh: a copy from cache (as of
 * when), or nothing (its columns and counts show "—"). The rest of the page is whole.
 */
export function FreshnessNote({ notes }: { notes: DepartmentNote[] }) {
  if (!notes.length) return null;
  return (
    <div className="freshness" role="status" aria-label="数据时效 Data freshness">
      <strong>数据时效提示 · Data freshness</strong>
      <ul>
        {notes.map((n) => (
          <li key={n.department} data-department={n.department} data-kind={n.kind}>
            {n.kind === 'stale'
              ? <>{departmentLabel(n.department)}：暂不可用，显示 {districtTime(n.asOf)} 的缓存数据 — unavailable, showing data as of {districtTime(n.asOf)}</>
              : <>{departmentLabel(n.department)}：暂时无法读取{n.reason && OUTAGE_REASONS[n.reason] ? `（${OUTAGE_REASONS[n.reason]}）` : ''}，相关数据显示为“—” — could not be read now; its figures show “—”</>}
          </li>
        ))}
      </ul>
    </div>
  );
}
