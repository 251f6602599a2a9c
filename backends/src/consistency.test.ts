import { describe, expect, it } from 'vitest';
import { checkUscc } from '@district/domain';
import { isValidIdCard } from '@district/domain';
import { generateDataset, getDataset, SAMPLE_USCC } from '@district/dataset';
import { deriveTaxpayer } from './tax/index.ts';
import { deriveEmployer } from './medical-insurance/index.ts';
import { deriveHoldings } from './real-estate/index.ts';

/**
 * The four stand-ins share nothing but the USCC, yet must tell one story: these checks run over
 * every enterprise of the default dataset.
 */
const dataset = getDataset();
const CLOSED = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'MOVED_OUT', 'ANNULLED']);

describe('the district dataset', () => {
  it('has at least 120 buildings and 23,000 enterprises, most of them in the buildings', () => {
    expect(dataset.buildings.length).toBeGreaterThanOrEqual(120);
    expect(dataset.enterprises.length).toBeGreaterThanOrEqual(23_000);
    expect(dataset.enterprises.filter((e) => e.buildingId).length / dataset.enterprises.length).toBeGreaterThan(0.7);
  });

  it('gives every enterprise a valid, unique USCC with a passing organisation-code check, and every representative a valid ID number', () => {
    const seen = new Set<string>();
    for (const e of dataset.enterprises) {
      const verdict = checkUscc(e.uscc);
      expect(verdict.valid && verdict.orgCodeCheckPasses, e.uscc).toBe(true);
      expect(seen.has(e.uscc), e.uscc).toBe(false);
      seen.add(e.uscc);
      expect(isValidIdCard(e.legalRepresentative.idNumber), e.uscc).toBe(true);
    }
  });

  it('is the same district for the same seed and a different one for another seed', () => {
    const again = generateDataset({ enterprises: 2_000 });
    const twice = generateDataset({ enterprises: 2_000 });
    expect(JSON.stringify(twice.enterprises)).toBe(JSON.stringify(again.enterprises));
    const other = generateDataset({ enterprises: 2_000, seed: 7 });
    expect(other.enterprises[50].uscc).not.toBe(again.enterprises[50].uscc);
  });

  it('dates everything between 2005 and its own today', () => {
    for (const e of dataset.enterprises) {
      expect(e.establishedOn >= '2005-01-01' && e.establishedOn <= dataset.asOf, e.uscc).toBe(true);
      if (e.statusOn) expect(e.statusOn > e.establishedOn && e.statusOn <= dataset.asOf, e.uscc).toBe(true);
    }
  });
});

describe('cross-department consistency', () => {
  it('registers taxpayers and employers only after the market registered them, under the current name', () => {
    for (const e of dataset.enterprises) {
      const taxpayer = deriveTaxpayer(e, dataset);
      if (taxpayer) {
        expect(taxpayer.djrq >= e.establishedOn.replaceAll('-', ''), e.uscc).toBe(true);
        expect(taxpayer.nsrmc, e.uscc).toBe(e.name);
      }
      const employer = deriveEmployer(e, dataset);
      if (employer) {
        expect(employer.reg_date >= e.establishedOn, e.uscc).toBe(true);
        expect(employer.emp_name, e.uscc).toBe(e.name);
      }
    }
  });

  it('closes deregistered enterprises everywhere: tax cleared before, insurance closed, property disposed of, no arrears left', () => {
    let closed = 0;
    for (const e of dataset.enterprises.filter((x) => CLOSED.has(x.status))) {
      closed++;
      const taxpayer = deriveTaxpayer(e, dataset);
      expect(['07', '13'], e.uscc).toContain(taxpayer?.nsrztDm);
      expect(taxpayer?.qszm?.kjrq && taxpayer.qszm.kjrq <= e.statusOn!.replaceAll('-', ''), e.uscc).toBe(true);
      const employer = deriveEmployer(e, dataset);
      if (employer) {
        expect(employer.emp_insu_stas, e.uscc).toBe('3');
        expect(employer.arrears, e.uscc).toEqual([]);
      }
      const holdings = deriveHoldings(e, dataset);
      expect(holdings.rights.filter((r) => r.state === '现势'), e.uscc).toEqual([]);
      expect(holdings.seizures.filter((s) => s.state === '现势'), e.uscc).toEqual([]);
    }
    expect(closed).toBeGreaterThan(2_000);
  });

  it('shows in the property register either the current name or one the enterprise was formerly registered under', () => {
    for (const e of dataset.enterprises.filter((x) => x.property.units > 0)) {
      const holdings = deriveHoldings(e, dataset);
      const names = new Set([e.name, ...e.changes.filter((c) => c.item === 'NAME').map((c) => c.before)]);
      for (const right of holdings.rights) expect(names.has(right.holderName), e.uscc).toBe(true);
    }
    const renamed = dataset.byUscc.get(SAMPLE_USCC.renamed)!;
    expect(deriveHoldings(renamed, dataset).holderName).toBe('青岛云帆网络科技有限公司');
  });

  it('puts arrears and seizures only where the core facts say there is trouble', () => {
    for (const e of dataset.enterprises) {
      const employer = deriveEmployer(e, dataset);
      if (employer?.arrears.length) expect(e.trouble.insuranceArrears, e.uscc).toBe(true);
      const holdings = e.property.units ? deriveHoldings(e, dataset) : null;
      if (holdings?.seizures.some((s) => s.state === '现势')) expect(e.property.seized, e.uscc).toBe(true);
    }
  });
});
