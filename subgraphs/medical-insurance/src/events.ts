import type { EmployerAccount } from './domain.ts';

/** One dated event for the merged timeline (LifecycleEvent in packages/subgraph-kit/src/schema/shared.graphql). */
export interface LifecycleEvent {
  at: string;
  department: 'MEDICAL_INSURANCE';
  kind: 'INSURANCE_REGISTERED' | 'INSURANCE_SUSPENDED' | 'INSURANCE_DEREGISTERED' | 'INSURANCE_ARREARS';
  title: string;
  detail: string | null;
}

const event = (at: string, kind: LifecycleEvent['kind'], title: string, detail: string | null = null): LifecycleEvent => ({
  at, department: 'MEDICAL_INSURANCE', kind, title, detail,
});

/**
 * The employer's lifecycle events as 医保 knows them, oldest first: 单位参保登记, then 暂停 or
 * 注销 on the status change date, and 欠费 from the first day of the earliest outstanding
 * 费款所属期 (`arrearsSince`, yyyy-MM). A status without a date is left out rather than dated
 * by guess. Details name insurance types and amounts, never people.
 */
export function lifecycleEvents(account: EmployerAccount, arrearsSince: string | null): LifecycleEvent[] {
  const types = account.insuranceTypes.map((c) => c.label).join('、');
  const events = [event(account.registeredOn, 'INSURANCE_REGISTERED', '单位参保登记', types ? `参保险种：${types}` : null)];
  if (account.status === 'SUSPENDED' && account.statusChangedOn) {
    events.push(event(account.statusChangedOn, 'INSURANCE_SUSPENDED', '暂停参保'));
  }
  if (account.status === 'CLOSED' && account.statusChangedOn) {
    events.push(event(account.statusChangedOn, 'INSURANCE_DEREGISTERED', '注销参保'));
  }
  if (account.arrears.hasArrears && arrearsSince) {
    const { months, total } = account.arrears;
    events.push(event(`${arrearsSince}-01`, 'INSURANCE_ARREARS', '医保欠费', `欠费所属期 ${arrearsSince} 起，共 ${months} 个月，合计 ${total} 元`));
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
