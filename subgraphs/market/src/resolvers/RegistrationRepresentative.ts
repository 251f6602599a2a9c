import type { MarketContext } from '../loaders.ts';
import type { Representative } from '../domain.ts';
import { representativeIdNumber, representativeName } from '../privacy.ts';

/** Personal data leaves the subgraph only through privacy.ts (declared PERSONAL in the schema). */
export const RegistrationRepresentative = {
  name: (p: Representative, _: unknown, ctx: MarketContext) => representativeName(p.name, ctx.caller),
  idNumber: (p: Representative, _: unknown, ctx: MarketContext) => representativeIdNumber(p.idNumber, ctx.caller),
};
