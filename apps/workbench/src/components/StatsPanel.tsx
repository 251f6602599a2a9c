import { useMemo } from 'react';
import type { WorkbenchBuildingStatsQuery } from '../gql/graphql.ts';
import { EChart } from './EChart.tsx';
import { districtTime } from '../labels.ts';

/**
 * 楼宇统计 — a building's numbers (Building.stats) as tiles and three charts: enterprises by
 * registration status, the risk flags (arrears, seizure, mortgage, abnormal list), and the
 * requests and visits. A count a department could not give is null: its tile and bar say
 * "—" / 无法读取 instead of a misleading zero.
 */
export type StatsView = NonNullable<NonNullable<WorkbenchBuildingStatsQuery['building']>['stats']>;

const UNREADABLE = '无法读取 n/a';
const show = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('zh-CN'));
const PALETTE = ['#2f6fde', '#19a974', '#f2a20c', '#d6453d', '#7b5ad6', '#3bb3c3', '#8a8f99', '#c2508f'];

function Tile({ label, value, tone }: { label: string; value: string; tone?: 'alert' }) {
  return (
    <div className={`tile${tone ? ` ${tone}` : ''}`}>
      <div className="tile-value">{value}</div>
      <div className="tile-label">{label}</div>
    </div>
  );
}

/**
 * A horizontal bar chart of counts. A count that could not be read gets no bar but the words
 * 无法读取 n/a where its bar would be (and in its tooltip), never a zero.
 */
function bars(items: [string, number | null | undefined, string][]) {
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, axisLabel: { lineHeight: 14 }, data: items.map(([label]) => label) },
    series: [{
      type: 'bar', barMaxWidth: 22,
      label: { show: true, position: 'right' },
      data: items.map(([label, n, color]) => (n === null || n === undefined
        ? { value: 0, itemStyle: { color: 'transparent' }, label: { formatter: UNREADABLE, color: '#8a5a00' }, tooltip: { formatter: `${label.replace('\n', ' ')}: ${UNREADABLE}` } }
        : { value: n, itemStyle: { color }, tooltip: { formatter: `${label.replace('\n', ' ')}: ${n}` } })),
    }],
  };
}

export function StatsPanel({ stats, loading, error }: { stats: StatsView | null; loading: boolean; error?: string }) {
  const statusOption = useMemo(() => {
    // Without the registry there is no list to count: no stats at all (null), and the chart says so.
    const rows = stats?.byRegistrationStatus ?? null;
    return {
      color: PALETTE,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, itemWidth: 10, itemHeight: 10, itemGap: 8 },
      title: rows ? undefined : { text: UNREADABLE, left: 'center', top: 'middle', textStyle: { color: '#8a8f99', fontSize: 14 } },
      series: rows ? [{
        type: 'pie', radius: ['38%', '62%'], center: ['50%', '42%'],
        // Slivers (a handful of 吊销 among hundreds 存续) are named in the legend and tooltip, not by overlapping labels.
        minShowLabelAngle: 12,
        label: { formatter: '{b} {c}' },
        data: rows.filter((r) => r.count > 0).map((r) => ({ name: r.label, value: r.count })),
      }] : [],
    };
  }, [stats]);
  const flagsOption = useMemo(() => bars([
    ['欠税\nTax arrears', stats?.taxArrearsCount, '#d6453d'],
    ['欠缴医保\nInsurance arrears', stats?.insuranceArrearsCount, '#f2a20c'],
    ['查封\nSeizure', stats?.seizureCount, '#7b5ad6'],
    ['抵押\nMortgage', stats?.mortgageCount, '#3bb3c3'],
    ['经营异常\nAbnormal list', stats?.abnormalListCount, '#c2508f'],
  ]), [stats]);
  const workOption = useMemo(() => bars([
    ['待办诉求\nOpen requests', stats?.openRequestCount, '#2f6fde'],
    ['超期诉求\nOverdue', stats?.overdueRequestCount, '#d6453d'],
    ['近30天走访\nVisits, 30 days', stats?.visitsLast30Days, '#19a974'],
  ]), [stats]);

  if (error) return <section className="panel"><h2>楼宇统计 <span className="en">Statistics</span></h2><p className="error">{error}</p></section>;
  return (
    <section className="panel" aria-busy={loading}>
      <h2>楼宇统计 <span className="en">Statistics</span>{stats?.asOf && <span className="asof">数据截至 As of {districtTime(stats.asOf)}</span>}</h2>
      {loading && !stats ? <p className="muted">加载中… Loading…</p> : (
        <>
          <div className="tiles">
            <Tile label="入驻企业 Enterprises" value={show(stats?.enterpriseCount)} />
            <Tile label="参保人数 Insured staff" value={show(stats?.insuredHeadcount)} />
            <Tile label="待办诉求 Open requests" value={show(stats?.openRequestCount)} />
            <Tile label="超期诉求 Overdue" value={show(stats?.overdueRequestCount)} tone={stats?.overdueRequestCount ? 'alert' : undefined} />
            <Tile label="近30天走访 Visits, 30 days" value={show(stats?.visitsLast30Days)} />
          </div>
          <div className="charts">
            <figure><figcaption>登记状态 Registration status</figcaption><EChart option={statusOption} label="登记状态 Registration status" /></figure>
            <figure><figcaption>风险标记 Risk flags</figcaption><EChart option={flagsOption} label="风险标记 Risk flags" /></figure>
            <figure><figcaption>诉求与走访 Requests and visits</figcaption><EChart option={workOption} label="诉求与走访 Requests and visits" /></figure>
          </div>
        </>
      )}
    </section>
  );
}
