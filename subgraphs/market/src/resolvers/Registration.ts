import type { MarketContext } from '../loaders.ts';
import type { MarketEnterprise, RegistryList } from '../domain.ts';
import { listOf } from '../registry-loader.ts';
import { assertInScope, inScope } from '../scope.ts';

/**
 * A Registration is the registry's record (MarketEnterprise). Its child lists are normally already
 * on it (the `registration` resolver asked for the lists the operation selects); if one is not, it
 * is fetched through the same loader, batched with every other enterprise's. A list that could not
 * be read (registry down, no cached copy) makes only its own field null, with the error.
 */
async function list<K extends RegistryList>(r: MarketEnterprise, name: K, ctx: MarketContext): Promise<NonNullable<MarketEnterprise[K]>> {
  const have = listOf(r, name);
  if (have !== undefined) return have!;
  const again = await ctx.loaders.registry.load(r.uscc, [name]);
  return ((again && listOf(again, name)) ?? []) as NonNullable<MarketEnterprise[K]>;
}

export const Registration = {
  changes: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'changes', ctx),
  annualReports: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'annualReports', ctx),
  abnormalListEntries: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'abnormalEntries', ctx),
  onAbnormalList: async (r: MarketEnterprise, _: unknown, ctx: MarketContext) =>
    (await list(r, 'abnormalEntries', ctx)).some((entry) => entry.removedOn === null),
  /** Entity references, so every department's fields resolve on a branch too. */
  /** Row scope: branches outside the caller's scope (another building; not itself) are left out. */
  branches: async (r: MarketEnterprise, _: unknown, ctx: MarketContext) => {
    const all = await list(r, 'branches', ctx);
    const allowed = await Promise.all(all.map((b) => inScope(ctx, b.uscc)));
    return all.filter((_b, i) => allowed[i]).map((b) => ({ uscc: b.uscc }));
  },
  /** Row scope: a parent outside the caller's scope is null with FORBIDDEN. */
  parent: async (r: MarketEnterprise, _: unknown, ctx: MarketContext) => {
    if (!r.parentUscc) return null;
    await assertInScope(ctx, r.parentUscc, 'Registration.parent');
    return { uscc: r.parentUscc };
  },
};
