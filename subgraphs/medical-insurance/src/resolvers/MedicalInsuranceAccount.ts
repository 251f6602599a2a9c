import { badUserInput } from '@district/domain';
import { ACCOUNT_STATUS_LABELS } from '../codes.ts';
import type { MedicalInsuranceContext } from '../loaders.ts';
import type { EmployerAccount } from '../domain.ts';
import { privacyFor, showAgent, showBankAccount, showLegalRepresentative } from '../privacy.ts';

/** How many months of 1302/1303 the platform keeps online. */
export const ONLINE_MONTHS = 12;

const withTotal = <T extends { inService: number; retired: number }>(c: T) => ({ ...c, total: c.inService + c.retired });

function recentMonths(months: number | null | undefined): number {
  const n = months ?? ONLINE_MONTHS;
  if (!Number.isInteger(n) || n < 1 || n > ONLINE_MONTHS) {
    throw badUserInput(`months must be between 1 and ${ONLINE_MONTHS} (the 医保 system keeps the last ${ONLINE_MONTHS} months online), got ${n}`, { argument: 'months' });
  }
  return n;
}

type Ctx = MedicalInsuranceContext;

/**
 * The account fields. Status, headcount and the arrears summary come from the one 1301 call
 * already made for the enterprise; the lists are separate transactions, read only when asked.
 */
export const MedicalInsuranceAccount = {
  statusLabel: (a: EmployerAccount) => ACCOUNT_STATUS_LABELS[a.status],
  insuredCount: (a: EmployerAccount) => withTotal(a.insuredCount),
  hasArrears: (a: EmployerAccount) => a.arrears.hasArrears,
  arrearsMonths: (a: EmployerAccount) => a.arrears.months,
  arrearsTotal: (a: EmployerAccount) => a.arrears.total,

  arrears: async (a: EmployerAccount, _: unknown, ctx: Ctx) => (await ctx.loaders.arrears.load(a.uscc))?.periods ?? [],

  contributions: async (a: EmployerAccount, args: { months?: number | null }, ctx: Ctx) => {
    const months = recentMonths(args.months);
    return ((await ctx.loaders.contributions.load(a.uscc)) ?? []).slice(-months);
  },

  headcountHistory: async (a: EmployerAccount, _: unknown, ctx: Ctx) => ((await ctx.loaders.headcounts.load(a.uscc)) ?? []).map(withTotal),

  legalRepresentative: (a: EmployerAccount, _: unknown, ctx: Ctx) => showLegalRepresentative(a.personal.legalRepresentative, privacyFor(ctx.caller)),
  agent: (a: EmployerAccount, _: unknown, ctx: Ctx) => showAgent(a.personal.agent, privacyFor(ctx.caller)),
  bankAccount: (a: EmployerAccount, _: unknown, ctx: Ctx) => showBankAccount(a.personal.bankAccount, privacyFor(ctx.caller)),
};
