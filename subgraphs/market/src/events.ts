import type { MarketEnterprise } from './domain.ts';

/**
 * 市场监管 lifecycle events, dated from the registry's own records, for the merged timeline the
 * services subgraph builds. Titles are short Chinese summaries; details never carry personal data
 * (a legal-representative change says only that it happened).
 */

export interface LifecycleEvent {
  at: string;
  department: 'MARKET';
  kind: string;
  title: string;
  detail: string | null;
}

/** Needs the enterprise with every child list (changes, branches, annual reports, abnormal entries). */
export function marketEvents(e: MarketEnterprise): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  const add = (at: string | null, kind: string, title: string, detail: string | null = null) => {
    if (at) events.push({ at, department: 'MARKET', kind, title, detail });
  };

  add(e.establishedOn, 'ESTABLISHED', '设立登记', e.type.label);
  for (const c of e.changes ?? []) {
    if (c.item === 'NAME') add(c.on, 'NAME_CHANGED', '名称变更', `${c.before} → ${c.after}`);
    else add(c.on, 'CHANGED', c.itemLabel, c.item === 'ADDRESS' || c.item === 'REGISTERED_CAPITAL' ? `${c.before} → ${c.after}` : null);
  }
  for (const b of e.branches ?? []) add(b.establishedOn, 'BRANCH_ESTABLISHED', '分支机构设立', b.name);
  for (const r of e.annualReports ?? []) if (r.filed) add(r.filedOn, 'ANNUAL_REPORT_FILED', `${r.year}年度报告公示`);
  for (const a of e.abnormalEntries ?? []) {
    add(a.listedOn, 'ABNORMAL_LISTED', '列入经营异常名录', a.reasonText);
    add(a.removedOn, 'ABNORMAL_REMOVED', '移出经营异常名录', a.removalReason);
  }

  // The current status is the registry's last word; its date is when it took effect.
  const statusOn = e.statusOn;
  switch (e.status) {
    case 'REVOKED_NOT_DEREGISTERED':
      add(e.revokedOn ?? statusOn, 'REVOKED', '吊销营业执照');
      break;
    case 'REVOKED_DEREGISTERED':
      if (e.revokedOn) add(e.revokedOn, 'REVOKED', '吊销营业执照');
      add(e.deregisteredOn ?? statusOn, 'DEREGISTERED', '注销登记', '吊销后注销');
      break;
    case 'DEREGISTERED':
      add(e.deregisteredOn ?? statusOn, 'DEREGISTERED', '注销登记');
      break;
    case 'ANNULLED':
      // 撤销登记 ends the registration as 注销 does; the timeline has no kind of its own for it.
      add(statusOn, 'DEREGISTERED', '撤销登记');
      break;
    case 'LIQUIDATING':
      add(statusOn, 'LIQUIDATION_STARTED', '清算组备案');
      break;
    case 'MOVED_OUT':
      add(statusOn, 'MOVED_OUT', '迁出');
      break;
    default:
      break;
  }
  // Oldest first; a stable sort keeps the registry's order for events on one day.
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
