import { useMemo, useState } from 'react';
import type { BuildingDashboardQuery } from '../gql/graphql.ts';
import { INSURANCE_STATUS, REGISTRATION_STATUS, TAXPAYER_STATUS } from '../labels.ts';

/**
 * 企业列表 — the building's enterprises with every department's status, filterable by flag and
 * paged. A department that could not be read leaves its cells "—" (never "no"), and a flag filter
 * says how many enterprises it could not check.
 */
export type EnterpriseRow = NonNullable<NonNullable<BuildingDashboardQuery['building']>['enterprises']>['edges'][number]['node'];

export const PAGE_SIZE = 20;

type Flag = 'ALL' | 'ARREARS' | 'SEIZURE' | 'ABNORMAL';
const FLAGS: [Flag, string][] = [
  ['ALL', '全部 All'],
  ['ARREARS', '欠税欠费 Arrears'],
  ['SEIZURE', '查封 Seizure'],
  ['ABNORMAL', '经营异常 Abnormal list'],
];

/** Whether a row carries the flag: true, false, or null when the department to ask could not be read. */
function hasFlag(row: EnterpriseRow, flag: Flag): boolean | null {
  switch (flag) {
    case 'ALL': return true;
    case 'ARREARS': {
      const tax = row.tax?.hasArrears;
      const insurance = row.medicalInsurance?.hasArrears;
      if (tax || insurance) return true;
      return row.tax && row.medicalInsurance ? false : null;
    }
    case 'SEIZURE': return row.realEstate ? !!row.realEstate.hasSeizure : null;
    case 'ABNORMAL': return row.registration ? !!row.registration.onAbnormalList : null;
  }
}

const yes = (v: boolean | null | undefined, label: string) => (v === null || v === undefined ? <span className="unknown" title="无法读取 Could not be read">—</span> : v ? <span className="flag">{label}</span> : <span className="ok">无 No</span>);

export function EnterpriseTable({ rows, totalCount, loading, error, departmentsDown }: {
  rows: EnterpriseRow[];
  totalCount: number | null;
  loading: boolean;
  error?: string;
  departmentsDown: string[];
}) {
  const [flag, setFlag] = useState<Flag>('ALL');
  const [page, setPage] = useState(0);
  const { shown, unchecked } = useMemo(() => {
    const verdicts = rows.map((r) => [r, hasFlag(r, flag)] as const);
    return { shown: verdicts.filter(([, v]) => v === true).map(([r]) => r), unchecked: verdicts.filter(([, v]) => v === null).length };
  }, [rows, flag]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const slice = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);

  return (
    <section className="panel" id="enterprises">
      <h2>入驻企业 <span className="en">Enterprises</span>{totalCount !== null && <span className="count">{totalCount}</span>}</h2>
      {error && <p className="error">{error}</p>}
      <div className="filters" role="group" aria-label="按标记筛选 Filter by flag">
        {FLAGS.map(([f, label]) => (
          <button key={f} type="button" className={f === flag ? 'chip active' : 'chip'} aria-pressed={f === flag} onClick={() => { setFlag(f); setPage(0); }}>{label}</button>
        ))}
        <span className="muted">{shown.length} 家 enterprises{unchecked > 0 && `，另有 ${unchecked} 家无法核对（${departmentsDown.join('、') || '部门'}暂不可用） — ${unchecked} could not be checked`}</span>
      </div>
      {loading && !rows.length ? <p className="muted">加载中… Loading…</p> : (
        <table className="grid">
          <thead>
            <tr>
              <th>企业 Enterprise</th>
              <th>登记状态 Registration</th>
              <th>经营异常 Abnormal list</th>
              <th>税务 Tax</th>
              <th>欠税 Tax arrears</th>
              <th>医保 Insurance</th>
              <th>欠缴医保 Ins. arrears</th>
              <th>抵押 Mortgage</th>
              <th>查封 Seizure</th>
            </tr>
          </thead>
          <tbody>
            {slice.map((r) => (
              <tr key={r.uscc}>
                <td><div>{r.registration?.name ?? <span className="unknown">—</span>}</div><div className="uscc">{r.uscc}</div></td>
                <td>{r.registration ? REGISTRATION_STATUS[r.registration.status] ?? r.registration.status : <span className="unknown">—</span>}</td>
                <td>{yes(r.registration ? r.registration.onAbnormalList : null, '列入 Listed')}</td>
                <td>{r.tax ? <>{TAXPAYER_STATUS[r.tax.status] ?? r.tax.status}{r.tax.creditGrade?.grade && <span className="grade">{r.tax.creditGrade.grade}级</span>}</> : <span className="unknown">—</span>}</td>
                <td>{yes(r.tax ? r.tax.hasArrears : null, '欠税 Yes')}</td>
                <td>{r.medicalInsurance ? INSURANCE_STATUS[r.medicalInsurance.status] ?? r.medicalInsurance.status : <span className="unknown">—</span>}</td>
                <td>{yes(r.medicalInsurance ? r.medicalInsurance.hasArrears : null, '欠费 Yes')}</td>
                <td>{yes(r.realEstate ? r.realEstate.hasMortgage : null, '抵押 Yes')}</td>
                <td>{yes(r.realEstate ? r.realEstate.hasSeizure : null, '查封 Yes')}</td>
              </tr>
            ))}
            {!slice.length && <tr><td colSpan={9} className="muted">没有符合条件的企业 No enterprise matches</td></tr>}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>上一页 Previous</button>
        <span>第 {current + 1} / {pages} 页 Page {current + 1} of {pages}</span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>下一页 Next</button>
      </div>
    </section>
  );
}
