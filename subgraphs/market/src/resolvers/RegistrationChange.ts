import type { MarketContext } from '../loaders.ts';
import type { RegistrationChange as Change } from '../domain.ts';
import { changeValue } from '../privacy.ts';

/** Values of a change may be person names (法定代表人变更): authorized and masked through privacy.ts. */
export const RegistrationChange = {
  before: (c: Change, _: unknown, ctx: MarketContext) => changeValue(c.item, c.before, ctx.caller),
  after: (c: Change, _: unknown, ctx: MarketContext) => changeValue(c.item, c.after, ctx.caller),
};
