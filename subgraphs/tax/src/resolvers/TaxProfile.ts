import { assertHopAllowed } from '@district/subgraph-kit';
import { badUserInput } from '@district/domain';
import type { TaxContext } from '../loaders.ts';
import type { TaxRegistration, Taxpayer } from '../domain.ts';
import { showIdNumber, showPersonName } from '../privacy.ts';
import { block } from './blocks.ts';

type Resolver<T> = (taxpayer: Taxpayer, args: Record<string, unknown>, ctx: TaxContext) => Promise<T> | T;

/** A field read straight off the registration record (登记信息). */
const fromRegistration = <F extends keyof TaxRegistration>(field: F): Resolver<TaxRegistration[F]> =>
  async (t, _, ctx) => (await block(t, 'DJXX', ctx))[field];

const MAX_MONTHS = 12;

/** The day `months` months before `iso` (clamped to the month's end, as 2026-03-31 − 1 month = 2026-02-28). */
function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export const TaxProfile: Record<string, Resolver<unknown>> = {
  taxpayerId: (t) => t.taxpayerId,
  name: (t) => t.name,
  dataAsOf: (t) => t.asOf,

  formerName: fromRegistration('formerName'),
  status: fromRegistration('status'),
  statusCode: fromRegistration('statusCode'),
  statusLabel: fromRegistration('statusLabel'),
  taxpayerKind: fromRegistration('taxpayerKind'),
  taxpayerKindLabel: fromRegistration('taxpayerKindLabel'),
  registeredOn: fromRegistration('registeredOn'),
  taxAuthority: fromRegistration('taxAuthority'),
  taxOffice: fromRegistration('taxOffice'),
  industry: fromRegistration('industry'),
  registeredAddress: fromRegistration('registeredAddress'),
  businessAddress: fromRegistration('businessAddress'),
  abnormalSince: fromRegistration('abnormalSince'),
  deregisteredOn: fromRegistration('deregisteredOn'),
  clearance: fromRegistration('clearance'),

  async legalRepresentative(t, _, ctx) {
    const person = (await block(t, 'DJXX', ctx)).legalRepresentative;
    return person && { name: showPersonName(person.name, ctx.caller), idNumber: showIdNumber(person.idNumber, ctx.caller) };
  },
  financeOfficer: async (t, _, ctx) => showPersonName((await block(t, 'DJXX', ctx)).financeOfficer, ctx.caller),
  taxAgent: async (t, _, ctx) => showPersonName((await block(t, 'DJXX', ctx)).taxAgent, ctx.caller),
  async headOffice(t, _, ctx) {
    const uscc = (await block(t, 'DJXX', ctx)).headOfficeTaxpayerId;
    if (!uscc) return null;
    // Another enterprise, whose place in the caller's row scope this subgraph cannot judge.
    assertHopAllowed(ctx.caller, uscc, 'TaxProfile.headOffice');
    return { uscc };
  },

  creditGrade: async (t, _, ctx) => (await block(t, 'XYDJ', ctx)).at(-1) ?? null,
  creditHistory: (t, _, ctx) => block(t, 'XYDJ', ctx),

  async hasArrears(t, _, ctx) {
    const a = await block(t, 'QSXX', ctx);
    return a.items.length > 0 || a.total !== '0.00';
  },
  arrearsTotal: async (t, _, ctx) => (await block(t, 'QSXX', ctx)).total,
  arrears: async (t, _, ctx) => (await block(t, 'QSXX', ctx)).items,

  async declarations(t, args, ctx) {
    const months = args.lastMonths ?? MAX_MONTHS;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
      throw badUserInput(`lastMonths must be a whole number of months from 1 to ${MAX_MONTHS} (the bureau keeps ${MAX_MONTHS} months of declarations), got ${months}`, { argument: 'lastMonths' });
    }
    const since = monthsBefore(t.asOf, months);
    return (await block(t, 'SBXX', ctx)).declarations.filter((d) => d.dueOn > since);
  },
  overdueDeclarations: async (t, _, ctx) => (await block(t, 'SBXX', ctx)).overdue,
  payments: (t, _, ctx) => block(t, 'JKXX', ctx),
  invoiceQuota: (t, _, ctx) => block(t, 'FPED', ctx),
};
