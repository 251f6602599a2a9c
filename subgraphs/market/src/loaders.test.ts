import { describe, expect, it } from 'vitest';
import { buildUscc } from '@district/common';
import type { MarketEnterprise, RegistryList } from './model.ts';
import { RegistryLoader } from './registry-loader.ts';

/** A fake registry that records each batch call: which USCCs and which lists. */
function fakeAdapter(unknown: string[] = []) {
  const calls: { usccs: string[]; lists: RegistryList[] }[] = [];
  return {
    calls,
    async getEnterprises(usccs: readonly string[], lists: readonly RegistryList[] = []) {
      calls.push({ usccs: [...usccs], lists: [...lists].sort() });
      const found = new Map<string, MarketEnterprise>();
      for (const uscc of usccs) {
        if (unknown.includes(uscc)) continue;
        found.set(uscc, { uscc, ...Object.fromEntries(lists.map((l) => [l, []])) } as unknown as MarketEnterprise);
      }
      return found;
    },
  };
}
const usccs = (n: number) => Array.from({ length: n }, (_, i) => buildUscc('9', '1', '370212', `MA${String(i).padStart(6, '0')}`));

describe('registry loader', () => {
  it('asks for 250 enterprises in 3 calls of at most 100', async () => {
    const adapter = fakeAdapter();
    const loader = new RegistryLoader(adapter);
    await Promise.all(usccs(250).map((u) => loader.load(u)));
    expect(adapter.calls.map((c) => c.usccs.length)).toEqual([100, 100, 50]);
  });

  it('fetches everything asked for one enterprise in the same tick in one call, the lists united', async () => {
    const adapter = fakeAdapter();
    const loader = new RegistryLoader(adapter);
    const [u] = usccs(2).slice(1);
    const [a, b, c] = await Promise.all([loader.load(u), loader.load(u, ['changes']), loader.load(u, ['annualReports', 'abnormalEntries'])]);
    expect(adapter.calls).toEqual([{ usccs: [u], lists: ['abnormalEntries', 'annualReports', 'changes'] }]);
    expect(a).toBe(b);
    expect(c).toHaveProperty('annualReports');
  });

  it('fetches again only for a list it was not fetched with, keeping the lists it had', async () => {
    const adapter = fakeAdapter();
    const loader = new RegistryLoader(adapter);
    const u = usccs(2)[1];
    await loader.load(u, ['changes']);
    await loader.load(u, ['changes']);
    await loader.load(u);
    expect(adapter.calls).toHaveLength(1);
    expect(await loader.load(u, ['branches'])).toHaveProperty('changes');
    expect(adapter.calls[1]).toEqual({ usccs: [u], lists: ['branches', 'changes'] });
  });

  it('answers primed records without a call until a list is needed, and null for unknown USCCs', async () => {
    const [unknown, known] = usccs(2);
    const adapter = fakeAdapter([unknown]);
    const loader = new RegistryLoader(adapter);
    loader.prime({ uscc: known } as MarketEnterprise);
    expect(await loader.load(known)).toEqual({ uscc: known });
    expect(adapter.calls).toHaveLength(0);
    expect(await loader.load(unknown)).toBeNull();
    await loader.load(known, ['changes']);
    expect(adapter.calls.map((c) => c.usccs)).toEqual([[unknown], [known]]);
  });
});
