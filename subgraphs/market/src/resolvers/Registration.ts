import type { MarketContext } from '../context.ts';
import type { MarketEnterprise, RegistryList } from '../model.ts';

/**
 * A Registration is the registry's record (MarketEnterprise). Its child lists are normally already
 * on it (the `registration` resolver asked for the lists the operation selects); if one is not, it
 * is fetched through the same loader, batched with every other enterprise's.
 */
async function list<K extends RegistryList>(r: MarketEnterprise, name: K, ctx: MarketContext): Promise<NonNullable<MarketEnterprise[K]>> {
  if (r[name] !== undefined) return r[name]!;
  const again = await ctx.loaders.registry.load(r.uscc, [name]);
  return (again?.[name] ?? []) as NonNullable<MarketEnterprise[K]>;
}

export const Registration = {
  changes: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'changes', ctx),
  annualReports: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'annualReports', ctx),
  abnormalListEntries: (r: MarketEnterprise, _: unknown, ctx: MarketContext) => list(r, 'abnormalEntries', ctx),
  onAbnormalList: async (r: MarketEnterprise, _: unknown, ctx: MarketContext) =>
    (await list(r, 'abnormalEntries', ctx)).some((entry) => entry.removedOn === null),
  /** Entity references, so every department's fields resolve on a branch too. */
  branches: async (r: MarketEnterprise, _: unknown, ctx: MarketContext) =>
    (await list(r, 'branches', ctx)).map((b) => ({ uscc: b.uscc })),
  parent: (r: MarketEnterprise) => (r.parentUscc ? { uscc: r.parentUscc } : null),
};
