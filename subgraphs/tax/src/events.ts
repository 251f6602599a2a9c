import type { Arrears, CreditRating, TaxRegistration } from './domain.ts';

/** 生命周期事件 as the shared LifecycleEvent type carries it. */
export interface LifecycleEvent {
  at: string;
  department: 'TAX';
  kind: 'TAX_REGISTERED' | 'TAX_CREDIT_RATED' | 'TAX_ABNORMAL' | 'TAX_ARREARS' | 'TAX_CLEARED' | 'TAX_DEREGISTERED';
  title: string;
  detail: string | null;
}

const event = (at: string, kind: LifecycleEvent['kind'], title: string, detail: string | null = null): LifecycleEvent =>
  ({ at, department: 'TAX', kind, title, detail });

/**
 * The tax bureau's dated events of one taxpayer, oldest first. Details name offices, grades,
 * certificate numbers and amounts of the enterprise, never a person.
 */
export function taxEvents(reg: TaxRegistration, ratings: CreditRating[], arrears: Arrears): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  if (reg.registeredOn) {
    events.push(event(reg.registeredOn, 'TAX_REGISTERED', '税务登记（新办纳税人信息确认）', [reg.taxpayerKindLabel, reg.taxOffice?.name].filter(Boolean).join('，')));
  }
  for (const r of ratings) {
    // A rating is public from its 发布日期 (April of the following year); one without a date has no place on a timeline.
    if (r.publishedOn) events.push(event(r.publishedOn, 'TAX_CREDIT_RATED', `纳税信用评价 ${r.year}年度 ${r.grade}级`, r.sourceLabel));
  }
  if (reg.abnormalSince) events.push(event(reg.abnormalSince, 'TAX_ABNORMAL', '认定为非正常户'));
  const earliest = arrears.items.map((a) => a.dueOn).sort()[0];
  if (earliest) {
    events.push(event(earliest, 'TAX_ARREARS', '欠税', `欠税 ${arrears.items.length} 笔，税款 ${arrears.tax} 元，滞纳金 ${arrears.lateFee} 元（计至 ${arrears.items[0].lateFeeAsOf}）`));
  }
  if (reg.clearance) {
    events.push(event(reg.clearance.issuedOn, 'TAX_CLEARED', `清税证明（${reg.clearance.pathLabel}）`, reg.clearance.certificateNo));
  }
  if (reg.deregisteredOn) events.push(event(reg.deregisteredOn, 'TAX_DEREGISTERED', `税务注销（${reg.statusLabel}）`));
  // Stable sort: on equal dates (清税 and 注销 often share one) the order above is the order of the process.
  return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
