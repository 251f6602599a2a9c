import { postSigned } from '@district/subgraph-kit/testing';
import type { Caller } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from '../config.ts';
import { startServicesSubgraph, type RunningServices } from '../server.ts';

/** Enterprise.exitReadiness as the gateway asks for it: `_entities` with the required department facts. */
describe('Enterprise.exitReadiness through _entities', () => {
  const schema = `t_ready_${process.pid}_${Date.now().toString(36)}`;
  let services: RunningServices;
  beforeAll(async () => {
    services = await startServicesSubgraph(readServicesConfig({ NODE_ENV: 'test', DATABASE_SCHEMA: schema, SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false' }), { port: 0 });
  });
  afterAll(async () => { await services?.stop(); });

  const Q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { exitReadiness { simplifiedAllowed generalAllowed unknown blockers { department code reason blocks } } } } }`;
  const ask = (rep: Record<string, unknown>, caller: Partial<Caller> = { role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' }) =>
    postSigned(services.url, Q, { reps: [{ __typename: 'Enterprise', uscc: '91370212MA3C12346X', ...rep }] }, caller);
  const clean = {
    registration: { status: 'EXISTING', onAbnormalList: false, type: { code: '1130' }, branches: [{ registration: { status: 'DEREGISTERED' } }] },
    tax: { status: 'NORMAL', hasArrears: false },
    medicalInsurance: { hasArrears: false },
    realEstate: { currentUnitCount: 0, hasSeizure: false },
  };

  it('allows both paths for an enterprise with nothing in the way', async () => {
    const { data, errors } = await ask(clean);
    expect(errors).toBeUndefined();
    expect(data._entities[0].exitReadiness).toEqual({ simplifiedAllowed: true, generalAllowed: true, unknown: [], blockers: [] });
  });

  it('names every blocker from every department and the paths each blocks', async () => {
    const { data } = await ask({
      registration: { status: 'EXISTING', onAbnormalList: true, type: { code: '1130' }, branches: [{ registration: { status: 'EXISTING' } }] },
      tax: { status: 'ABNORMAL', hasArrears: true },
      medicalInsurance: { hasArrears: true },
      realEstate: { currentUnitCount: 2, hasSeizure: true },
    });
    const r = data._entities[0].exitReadiness;
    expect(r.simplifiedAllowed).toBe(false);
    expect(r.generalAllowed).toBe(false);
    expect(r.blockers.map((b: any) => [b.department, b.code, b.blocks])).toEqual([
      ['MARKET', 'ABNORMAL_LIST', ['SIMPLIFIED']],
      ['MARKET', 'OPEN_BRANCHES', ['SIMPLIFIED', 'GENERAL']],
      ['TAX', 'TAX_ARREARS', ['SIMPLIFIED', 'GENERAL']],
      ['TAX', 'TAX_ABNORMAL', ['SIMPLIFIED', 'GENERAL']],
      ['MEDICAL_INSURANCE', 'INSURANCE_ARREARS', ['SIMPLIFIED', 'GENERAL']],
      ['REAL_ESTATE', 'PROPERTY_SEIZED', ['SIMPLIFIED', 'GENERAL']],
      ['REAL_ESTATE', 'PROPERTY_HELD', ['SIMPLIFIED']],
    ]);
    expect(r.blockers[0].reason).toContain('经营异常名录');
  });

  it('allows only the general path for a listed company holding property', async () => {
    const { data } = await ask({ ...clean, registration: { ...clean.registration, type: { code: '1210' } }, realEstate: { currentUnitCount: 1, hasSeizure: false } });
    const r = data._entities[0].exitReadiness;
    expect([r.simplifiedAllowed, r.generalAllowed]).toEqual([false, true]);
    expect(r.blockers.map((b: any) => b.code)).toEqual(['LISTED_COMPANY', 'PROPERTY_HELD']);
  });

  it('lists facts it could not read (a department down, a flag refused) and then allows neither path', async () => {
    const { data } = await ask({ ...clean, medicalInsurance: null, tax: { status: 'NORMAL', hasArrears: null } });
    const r = data._entities[0].exitReadiness;
    expect(r.unknown).toEqual(['taxArrears', 'insuranceArrears']);
    expect([r.simplifiedAllowed, r.generalAllowed]).toEqual([false, false]);
  });

  it('refuses the readiness (INTERNAL) to a caller granted PUBLIC only', async () => {
    const { data, errors } = await ask(clean, { role: 'frontend-app' });
    expect(data._entities[0].exitReadiness).toBeNull();
    expect(errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
