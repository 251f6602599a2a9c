import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput, checkUscc, describeUsccProblem } from '@district/domain';
import type { TaxContext } from '../loaders.ts';
import type { Taxpayer } from '../domain.ts';
import { taxEvents } from '../events.ts';
import { EVENT_KINDS, kindsForEntities, kindsForTaxField } from '../selection.ts';
import { block } from './blocks.ts';

/**
 * Enterprise as this subgraph sees it: the key, and (after reference resolution) the pending
 * lookup of its taxpayer record, shared by `tax` and `taxEvents`.
 */
export interface EnterpriseRef {
  uscc: string;
  taxpayer?: Promise<Taxpayer | null>;
}

function validUscc(uscc: string): Promise<never> | null {
  const verdict = checkUscc(uscc);
  return verdict.valid ? null : Promise.reject(badUserInput(describeUsccProblem(uscc, verdict.problem!), { argument: 'uscc' }));
}

/** Settles without an unhandled rejection; the fields that await it surface the error themselves. */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

export const Enterprise = {
  /**
   * One loader call per entity, with the kinds the whole selection needs (see loaders.ts), so an
   * `_entities` fetch of N enterprises costs ceil(N / 50) backend calls. Failures are not thrown
   * here: they belong to the `tax` / `taxEvents` fields, which become null with the error.
   */
  __resolveReference(ref: { uscc: string }, ctx: TaxContext, info: GraphQLResolveInfo): EnterpriseRef {
    const kinds = kindsForEntities(info);
    if (!kinds) return { uscc: ref.uscc };
    // A malformed USCC would make the bus refuse the whole batch of 50 (rtnCode 202): keep it out.
    const taxpayer = validUscc(ref.uscc) ?? ctx.loaders.taxpayers(kinds).load(ref.uscc);
    return { uscc: ref.uscc, taxpayer: quiet(taxpayer) };
  },

  async tax(ent: EnterpriseRef, _: unknown, ctx: TaxContext, info: GraphQLResolveInfo): Promise<Taxpayer | null> {
    return ent.taxpayer ?? validUscc(ent.uscc) ?? ctx.loaders.taxpayers(kindsForTaxField(info)).load(ent.uscc);
  },

  async taxEvents(ent: EnterpriseRef, _: unknown, ctx: TaxContext) {
    const taxpayer = await (ent.taxpayer ?? validUscc(ent.uscc) ?? ctx.loaders.taxpayers(EVENT_KINDS).load(ent.uscc));
    if (!taxpayer) return [];
    const [reg, ratings, arrears] = await Promise.all([block(taxpayer, 'DJXX', ctx), block(taxpayer, 'XYDJ', ctx), block(taxpayer, 'QSXX', ctx)]);
    return taxEvents(reg, ratings, arrears);
  },
};
