import { useMemo, useState, type ReactNode } from 'react';
import type { BuildingDashboardQuery } from '../gql/graphql.ts';
import { INSURANCE_STATUS, REGISTRATION_STATUS, TAXPAYER_STATUS } from '../labels.ts';
import type { DepartmentField } from '../load.ts';

/**
 * 企业列表 — the building's enterprises with every department's status, filterable by flag and
 * paged. A department that could not be read leaves its cells "—" (never "no"), and a flag filter
 * says how many enterprises it could not check; a department that answered "no record" (no
 * medical insurance account, say) says so.
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
function hasFlag(row: EnterpriseRow, flag: Flag, unknown: (f: DepartmentField) => boolean): boolean | null {
  switch (flag) {
    case 'ALL': return true;
    case 'ARREARS': {
      if (row.tax?.hasArrears || row.medicalInsurance?.hasArrears) return true;
      return unknown('tax') || unknown('medicalInsurance') ? null : false;
    }
    case 'SEIZURE': return unknown('realEstate') ? null : !!row.realEstate?.hasSeizure;
    case 'ABNORMAL': return unknown('registration') ? null : !!row.registration?.onAbnormalList;
  }
}

const UNKNOWN = <span className="unknown" title="无法读取 Could not be read">—</span>;
/** A flag cell: unknown (department unreadable), none (no record there), yes or no. */
const yes = (v: boolean | null | undefined, label: string, unknown: boolean) => (unknown ? UNKNOWN : v ? <span className="flag">{label}</span> : <span className="ok">无 No</span>);
/** What a department's null means when it answered: it holds no record of the enterprise. */
const NO_RECORD: Record<DepartmentField, string> = { registration: '无登记 Not registered', tax: '未登记 Not registered', medicalInsurance: '未参保 No account', realEstate: '无不动产 None' };
const none = (field: DepartmentField) => <span className="ok">{NO_RECORD[field]}</span>;

export function EnterpriseTable({ rows, unreadable, totalCount, loading, error, departmentsDown }: {
  rows: EnterpriseRow[];
  unreadable: Map<string, Set<DepartmentField>>;
  totalCount: number | null;
  loading: boolean;
  error?: string;
  departmentsDown: string[];
}) {
  const [flag, setFlag] = useState<Flag>('ALL');
  const [page, setPage] = useState(0);
  const { shown, unchecked } = useMemo(() => {
    const verdicts = rows.map((r) => [r, hasFlag(r, flag, (f) => !!unreadable.get(r.uscc)?.has(f))] as const);
    return { shown: verdicts.filter(([, v]) => v === true).map(([r]) => r), unchecked: verdicts.filter(([, v]) => v === null).length };
  }, [rows, unreadable, flag]);
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
            {slice.map((r) => {
              const unknown = (f: DepartmentField) => !!unreadable.get(r.uscc)?.has(f);
              const cell = (f: DepartmentField, node: unknown, show: () => ReactNode) => (node ? show() : unknown(f) ? UNKNOWN : none(f));
              return (
                <tr key={r.uscc}>
                  <td><div>{r.registration?.name ?? UNKNOWN}</div><div className="uscc">{r.uscc}</div></td>
                  <td>{cell('registration', r.registration, () => REGISTRATION_STATUS[r.registration!.status] ?? r.registration!.status)}</td>
                  <td>{yes(r.registration?.onAbnormalList, '列入 Listed', unknown('registration'))}</td>
                  <td>{cell('tax', r.tax, () => <>{TAXPAYER_STATUS[r.tax!.status] ?? r.tax!.status}{r.tax!.creditGrade?.grade && <span className="grade">{r.tax!.creditGrade.grade}级</span>}</>)}</td>
                  <td>{yes(r.tax?.hasArrears, '欠税 Yes', unknown('tax'))}</td>
                  <td>{cell('medicalInsurance', r.medicalInsurance, () => INSURANCE_STATUS[r.medicalInsurance!.status] ?? r.medicalInsurance!.status)}</td>
                  <td>{yes(r.medicalInsurance?.hasArrears, '欠费 Yes', unknown('medicalInsurance'))}</td>
                  <td>{yes(r.realEstate?.hasMortgage, '抵押 Yes', unknown('realEstate'))}</td>
                  <td>{yes(r.realEstate?.hasSeizure, '查封 Yes', unknown('realEstate'))}</td>
                </tr>
              );
            })}
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
