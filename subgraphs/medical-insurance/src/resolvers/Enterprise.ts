import { assertUscc } from '@district/subgraph-kit';
import type { MedicalInsuranceContext } from '../loaders.ts';
import { lifecycleEvents, type LifecycleEvent } from '../events.ts';
import type { EmployerAccount } from '../domain.ts';

/**
 * The outcome of the one 1301 lookup per enterprise, settled: a failure then lands on this
 * subgraph's fields (medicalInsurance: null with DEPARTMENT_UNAVAILABLE at its own path) instead of
 * nulling the whole entity in `_entities`.
 */
type Outcome = { account: EmployerAccount | null } | { error: unknown };

interface EnterpriseRef {
  uscc: string;
  outcome?: Outcome;
}

function lookUp(uscc: string, ctx: MedicalInsuranceContext): Promise<Outcome> {
  const account = (async () => ctx.loaders.employer.load(assertUscc(uscc)))();
  return account.then((a) => ({ account: a }), (error: unknown) => ({ error }));
}

async function accountOf(ref: EnterpriseRef, ctx: MedicalInsuranceContext): Promise<EmployerAccount | null> {
  const outcome = ref.outcome ?? (await lookUp(ref.uscc, ctx));
  if ('error' in outcome) throw outcome.error;
  return outcome.account;
}

/** The earliest unpaid period: from 1301's summary, or from 1304 only when the summary leaves it out. */
async function arrearsSince(account: EmployerAccount, ctx: MedicalInsuranceContext): Promise<string | null> {
  if (!account.arrears.hasArrears) return null;
  if (account.arrears.earliestPeriod) return account.arrears.earliestPeriod;
  const statement = await ctx.loaders.arrears.load(account.uscc);
  return statement?.periods[0]?.period ?? null;
}

export const Enterprise = {
  /** Every entity in one `_entities` call starts its 1301 lookup here, through the per-request loader. */
  __resolveReference: async (ref: { uscc: string }, ctx: MedicalInsuranceContext): Promise<EnterpriseRef> => ({
    uscc: ref.uscc,
    outcome: await lookUp(ref.uscc, ctx),
  }),

  medicalInsurance: (ref: EnterpriseRef, _: unknown, ctx: MedicalInsuranceContext) => accountOf(ref, ctx),

  medicalInsuranceEvents: async (ref: EnterpriseRef, _: unknown, ctx: MedicalInsuranceContext): Promise<LifecycleEvent[]> => {
    const account = await accountOf(ref, ctx);
    return account ? lifecycleEvents(account, await arrearsSince(account, ctx)) : [];
  },
};
