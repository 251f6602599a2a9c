import { describe, expect, it } from 'vitest';
import { generateDataset, getDataset, SAMPLE_USCC } from '@district/dataset';
import { toDays } from '@district/dataset/dates';
import { deriveHoldings } from './index.ts';
import { CERTIFICATE_REGEX, UNIT_NUMBER_REGEX } from './unit-number.ts';
import { addYears } from './units.ts';

const dataset = getDataset();
const all = dataset.enterprises.map((e) => ({ e, h: deriveHoldings(e, dataset) }));
const sample = (key: keyof typeof SAMPLE_USCC) => deriveHoldings(dataset.byUscc.get(SAMPLE_USCC[key])!, dataset);
const CLOSED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'MOVED_OUT', 'ANNULLED']);

describe('records derived from the core facts', () => {
  it('gives the samples the holdings their documentation promises', () => {
    const troubled = sample('troubled');
    expect(troubled.units).toHaveLength(2);
    expect(troubled.mortgages.some((m) => m.state === '现势')).toBe(true);
    expect(troubled.seizures.some((s) => s.state === '现势')).toBe(true);
    const healthy = sample('healthy');
    expect(healthy.units).toHaveLength(1);
    expect([...healthy.mortgages, ...healthy.seizures].filter((x) => x.state === '现势')).toEqual([]);
    const deregistered = sample('deregistered');
    expect(deregistered.rights.map((r) => [r.state, r.endedOn, r.endReason])).toEqual([['历史', '2024-03-01', '转移登记']]);
    expect(sample('renamed').holderName).toBe('青岛云帆网络科技有限公司');
    expect(sample('individual').rights).toEqual([]);
  });

  it('numbers every unit and certificate per the domain regexes, with no certificate number or unit used twice', () => {
    const certificates = all.flatMap(({ h }) => [...h.rights.map((r) => r.certificateNo), ...h.mortgages.map((m) => m.proofNo)]);
    const units = all.flatMap(({ h }) => h.units.map((u) => u.unitNo));
    expect(units.length).toBeGreaterThan(1_000);
    expect(units.filter((u) => !UNIT_NUMBER_REGEX.test(u))).toEqual([]);
    expect(certificates.filter((c) => !CERTIFICATE_REGEX.test(c))).toEqual([]);
    expect(new Set(certificates).size).toBe(certificates.length);
    expect(new Set(units).size).toBe(units.length);
  });

  it('puts every unit of one building on that building\'s parcel, with one set of parcel facts, at the holder\'s own room when it owns one', () => {
    const parcels = new Map<string, Set<string>>();
    for (const { e, h } of all) {
      if (!e.buildingId) continue;
      for (const u of h.units) parcels.set(e.buildingId, (parcels.get(e.buildingId) ?? new Set()).add(u.parcelNo));
    }
    expect(parcels.size).toBeGreaterThan(50);
    expect([...parcels.values()].filter((p) => p.size !== 1)).toEqual([]);
    expect(new Set([...parcels.values()].map((p) => [...p][0])).size).toBe(parcels.size);
    const parcelFacts = all.flatMap(({ h }) => h.units).reduce((m, u) => m.set(u.parcelNo, (m.get(u.parcelNo) ?? new Set()).add(`${u.parcelArea}|${u.landTermFrom}|${u.landUse}`)), new Map<string, Set<string>>());
    expect([...parcelFacts].filter(([, facts]) => facts.size !== 1)).toEqual([]);
    expect(sample('healthy').units[0].location).toBe('山东省青岛市崂山区海尔路180号金岭国际大厦1608室');
  });

  it('leaves closed enterprises only 历史 rights and nothing current after any disposal', () => {
    const closed = all.filter(({ e }) => CLOSED.has(e.status) && e.property.units > 0);
    expect(closed.length).toBeGreaterThan(10);
    for (const { e, h } of all.filter(({ e }) => e.property.disposedOn)) {
      expect(h.rights.every((r) => r.state === '历史' && r.endedOn! <= e.property.disposedOn!)).toBe(true);
      expect([...h.mortgages, ...h.seizures].every((x) => x.state === '历史')).toBe(true);
    }
    expect(closed.every(({ h }) => h.rights.length > 0 && h.rights.every((r) => r.state === '历史'))).toBe(true);
  });

  it('matches the facts: a current mortgage exactly when mortgaged, a running seizure of at most 3 years exactly when seized', () => {
    const wrong = (check: (x: (typeof all)[number]) => boolean) => all.filter((x) => !check(x)).map(({ e }) => e.uscc);
    const held = ({ e }: (typeof all)[number]) => !e.property.disposedOn;
    expect(wrong(({ e, h }) => h.units.length === e.property.units)).toEqual([]);
    expect(wrong((x) => x.h.mortgages.some((m) => m.state === '现势') === (x.e.property.mortgaged && held(x)))).toEqual([]);
    expect(wrong((x) => x.h.seizures.some((s) => s.state === '现势') === (x.e.property.seized && held(x)))).toEqual([]);
    expect(wrong(({ h }) => h.seizures.every((s) => s.to < addYears(s.from, 3)))).toEqual([]);
    expect(wrong(({ h }) => h.seizures.every((s) => s.state === '历史' || (s.from <= dataset.asOf && s.to > dataset.asOf)))).toEqual([]);
    expect(wrong(({ h }) => h.mortgages.every((m) => m.state === '历史' || m.debtTo > dataset.asOf))).toEqual([]);
    expect(wrong(({ e, h }) => !h.rights.length || h.rights.map((r) => r.registeredOn).sort()[0] === e.property.firstAcquiredOn)).toEqual([]);
  });

  it('keeps the old holder name for about half of the holders renamed while holding, and the current name otherwise', () => {
    const renamed = all.filter(({ e, h }) => {
      const change = e.changes.find((c) => c.item === 'NAME');
      return change && !e.property.disposedOn && h.rights.some((r) => r.registeredOn < change.on);
    });
    expect(renamed.length).toBeGreaterThan(20);
    const stale = renamed.filter(({ e, h }) => h.holderName !== e.name);
    expect(stale.length / renamed.length).toBeGreaterThan(0.3);
    expect(stale.length / renamed.length).toBeLessThan(0.7);
    for (const { e, h } of all) if (h.holderName && !e.changes.some((c) => c.item === 'NAME')) expect(h.holderName).toBe(e.name);
  });

  it('derives the same records from a freshly generated dataset with the same seed', () => {
    const fresh = generateDataset();
    for (const key of ['troubled', 'renamed', 'healthy'] as const) {
      expect(deriveHoldings(fresh.byUscc.get(SAMPLE_USCC[key])!, fresh)).toEqual(sample(key));
    }
    expect(toDays(sample('troubled').rights[0].registeredOn)).toBe(toDays('2013-11-12'));
  });
});
