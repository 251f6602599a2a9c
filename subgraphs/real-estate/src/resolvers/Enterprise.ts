import { checkUscc, DepartmentRejectedError, describeUsccProblem } from '@district/domain';
import type { RealEstateContext } from '../loaders.ts';
import type { Holdings } from '../domain.ts';
import { realEstateEvents } from '../events.ts';

interface EnterpriseRef {
  uscc: string;
}

/**
 * The registry refuses a whole batch over one USCC that fails the check character (2002), and a
 * few legally valid pilot codes do fail it (domain.md §1.1): such a USCC is never sent, and only
 * its own fields fail, with the reason.
 */
function holdingsOf({ uscc }: EnterpriseRef, ctx: RealEstateContext): Promise<Holdings | null> {
  const verdict = checkUscc(uscc);
  if (!verdict.valid) {
    throw new DepartmentRejectedError('REAL_ESTATE', `不动产登记 cannot be asked about this USCC: ${describeUsccProblem(uscc, verdict.problem!)}`);
  }
  return ctx.loaders.holdings.load(uscc);
}

export const Enterprise = {
  /**
   * The reference itself is enough: each field goes through the holdings loader, so one _entities
   * call still costs ceil(N / 20) registry calls, a failing registry costs only these fields (not
   * the entity), and a query that asks for none of them costs no call at all.
   */
  __resolveReference: (ref: EnterpriseRef): EnterpriseRef => ({ uscc: ref.uscc }),
  realEstate: (enterprise: EnterpriseRef, _: unknown, ctx: RealEstateContext) => holdingsOf(enterprise, ctx),
  realEstateEvents: async (enterprise: EnterpriseRef, _: unknown, ctx: RealEstateContext) => {
    const holdings = await holdingsOf(enterprise, ctx);
    return holdings ? realEstateEvents(holdings) : [];
  },
};
