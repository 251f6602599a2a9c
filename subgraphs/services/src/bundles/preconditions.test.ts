import { describe, expect, it } from 'vitest';
import { FakeDepartments } from '../departments/fake.ts';
import { checkPreconditions, exitBlockings } from './preconditions.ts';
import { judgeExit, type ExitRepresentation } from './readiness.ts';
import { parseSubmission } from './form.ts';

/** The departments' preconditions judged up front, against scripted department facts. */
const USCC = '91370212MA3C12346X';
const deregistration = (path: 'SIMPLIFIED' | 'GENERAL', uscc = USCC) =>
  parseSubmission('DEREGISTRATION', { idempotencyKey: 'pre-dereg-1', uscc, path, investorsUndertaking: true, liquidationReportFiled: true });
const change = (extra: Record<string, unknown> = {}) => parseSubmission('CHANGE', { idempotencyKey: 'pre-change-1', uscc: USCC, newAddress: '山东省青岛市崂山区海尔路2号', ...extra });
const opening = (name: string) => parseSubmission('OPENING', {
  idempotencyKey: 'pre-open-1', name, registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号', businessScope: '软件开发',
  legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' },
});
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted'); }, (e) => e);

/** The troubled sample as the departments know it: arrears at tax and insurance, two units, a 查封. */
const TROUBLED = {
  tax: { status: 'NORMAL', hasArrears: true },
  medicalInsurance: { hasArrears: true },
  realEstate: { currentUnitCount: 2, hasSeizure: true },
};

describe('deregistration preconditions', () => {
  it('refuses with one bilingual reason per blocker, each naming its department', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, TROUBLED);
    const error = await refusal(checkPreconditions(fake, deregistration('SIMPLIFIED')));
    expect(error.extensions.code).toBe('PRECONDITION_FAILED');
    expect(error.extensions.blockers.map((b: any) => `${b.department}:${b.code}`)).toEqual([
      'TAX:TAX_ARREARS', 'MEDICAL_INSURANCE:INSURANCE_ARREARS', 'REAL_ESTATE:PROPERTY_SEIZED', 'REAL_ESTATE:PROPERTY_HELD',
    ]);
    expect(error.extensions.reasons).toEqual([
      '税务 (tax): 存在欠税、滞纳金 — tax arrears or late fees are outstanding',
      '医保 (medical insurance): 存在医保欠费 — medical-insurance contributions are in arrears',
      '不动产登记 (real estate): 不动产被查封 — property is under a court seizure',
      '不动产登记 (real estate): 名下仍有2处不动产 — 2 property unit(s) must be disposed of first',
    ]);
    expect(fake.reads).toEqual([{ kind: 'exit', uscc: USCC }]);
  });

  it('lists only what blocks the path applied for', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, TROUBLED);
    const error = await refusal(checkPreconditions(fake, deregistration('GENERAL')));
    expect(error.extensions.blockers.map((b: any) => b.code)).toEqual(['TAX_ARREARS', 'INSURANCE_ARREARS', 'PROPERTY_SEIZED']);
    fake.facts.set(USCC, { realEstate: { currentUnitCount: 1, hasSeizure: false } });
    await expect(checkPreconditions(fake, deregistration('GENERAL'))).resolves.toBeUndefined();
    expect((await refusal(checkPreconditions(fake, deregistration('SIMPLIFIED')))).extensions.blockers.map((b: any) => b.code)).toEqual(['PROPERTY_HELD']);
  });

  it('refuses an enterprise already deregistered, and a revoked one on the simplified path', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, { registration: { status: 'DEREGISTERED', onAbnormalList: false, type: { code: '1151' }, branches: [] } });
    const gone = await refusal(checkPreconditions(fake, deregistration('GENERAL')));
    expect(gone.extensions.blockers).toEqual([{ department: 'MARKET', code: 'NOT_REGISTERED', reason: expect.stringMatching(/^市场监管 \(market registration\): 登记状态不允许注销 — .*DEREGISTERED/) }]);

    fake.facts.set(USCC, { registration: { status: 'REVOKED_NOT_DEREGISTERED', onAbnormalList: false, type: { code: '1130' }, branches: [] } });
    const revoked = await refusal(checkPreconditions(fake, deregistration('SIMPLIFIED')));
    expect(revoked.extensions.blockers.map((b: any) => b.code)).toEqual(['LICENCE_REVOKED']);
    expect(revoked.extensions.reasons[0]).toContain('吊销');
    // 吊销未注销 must still deregister: by the general path.
    await expect(checkPreconditions(fake, deregistration('GENERAL'))).resolves.toBeUndefined();
  });

  it('refuses when a department holds no record, naming it, rather than guess', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, { medicalInsurance: null });
    const error = await refusal(checkPreconditions(fake, deregistration('GENERAL')));
    expect(error.extensions).toMatchObject({ unknown: ['insuranceArrears'], blockers: [{ department: 'MEDICAL_INSURANCE', code: 'NO_RECORD' }] });
    fake.facts.set(USCC, { registration: null, tax: null, medicalInsurance: null });
    const unknown = await refusal(checkPreconditions(fake, deregistration('GENERAL')));
    expect(unknown.extensions.blockers.map((b: any) => `${b.department}:${b.code}`)).toEqual(['MARKET:NO_RECORD', 'TAX:NO_RECORD', 'MEDICAL_INSURANCE:NO_RECORD']);
    expect(unknown.extensions.reasons[0]).toContain('no enterprise is registered under this USCC');
  });

  it('refuses with DEPARTMENT_UNAVAILABLE, naming the department, when one cannot be read', async () => {
    const fake = new FakeDepartments();
    fake.down.add('TAX');
    const error = await refusal(checkPreconditions(fake, deregistration('GENERAL')));
    expect(error.extensions).toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE', department: 'TAX', departments: ['TAX'] });
  });

  it('agrees with exitReadiness on every combination of the facts', () => {
    const flags = [false, true];
    for (const abnormal of flags) for (const taxArrears of flags) for (const seized of flags) for (const units of [0, 1]) for (const status of ['EXISTING', 'REVOKED_NOT_DEREGISTERED', 'DEREGISTERED']) {
      const rep: ExitRepresentation = {
        uscc: USCC,
        registration: { status, onAbnormalList: abnormal, type: { code: '1130' }, branches: [] },
        tax: { status: 'NORMAL', hasArrears: taxArrears }, medicalInsurance: { hasArrears: false }, realEstate: { currentUnitCount: units, hasSeizure: seized },
      };
      const r = judgeExit(rep);
      for (const path of ['SIMPLIFIED', 'GENERAL'] as const) {
        const { allowed, blockings } = exitBlockings(rep, path);
        expect(allowed).toBe(path === 'SIMPLIFIED' ? r.simplifiedAllowed : r.generalAllowed);
        expect(blockings.map((b) => b.code)).toEqual(r.blockers.filter((b) => b.blocks.includes(path)).map((b) => b.code));
        expect(allowed).toBe(blockings.length === 0);
      }
    }
  });
});

describe('change preconditions', () => {
  it('accepts a registered enterprise and refuses one not registered, deregistered or revoked', async () => {
    const fake = new FakeDepartments();
    await expect(checkPreconditions(fake, change())).resolves.toBeUndefined();
    for (const [registration, code] of [[null, 'NOT_REGISTERED'], [{ status: 'DEREGISTERED' }, 'STATUS'], [{ status: 'REVOKED_NOT_DEREGISTERED' }, 'STATUS']] as const) {
      fake.facts.set(USCC, { registration });
      const error = await refusal(checkPreconditions(fake, change()));
      expect(error.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', blockers: [{ department: 'MARKET', code }] });
      expect(error.extensions.reasons[0]).toMatch(/^市场监管 \(market registration\): .+ — .+/);
    }
    expect(fake.reads.every((r) => r.kind === 'registry')).toBe(true);
  });

  it('refuses a new name another enterprise holds, in the same market read', async () => {
    const fake = new FakeDepartments();
    fake.names.set('青岛已有名称有限公司', '91370212MA3D00012R');
    fake.names.set('青岛自己名称有限公司', USCC);
    const error = await refusal(checkPreconditions(fake, change({ newName: '青岛已有名称有限公司' })));
    expect(error.extensions.blockers).toEqual([expect.objectContaining({ department: 'MARKET', code: 'NAME_TAKEN' })]);
    expect(JSON.stringify(error)).not.toContain('91370212MA3D00012R');
    await expect(checkPreconditions(fake, change({ newName: '青岛自己名称有限公司' }))).resolves.toBeUndefined();
    expect(fake.reads.at(-1)).toEqual({ kind: 'registry', uscc: USCC, name: '青岛自己名称有限公司' });
  });

  it('refuses a new name whose 组织形式 does not fit the registered type, as a form problem', async () => {
    const fake = new FakeDepartments();
    fake.facts.set(USCC, { registration: { status: 'EXISTING', onAbnormalList: false, type: { code: '4533' }, branches: [] } });
    const error = await refusal(checkPreconditions(fake, change({ newName: '青岛崂山新名科技有限公司' })));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'newName', code: 'NAME_ORGANISATION_FORM' }] });
    expect(error.extensions.reasons[0]).toMatch(/^newName: .*合伙企业（有限合伙）/);
    await expect(checkPreconditions(fake, change({ newName: '青岛启航投资合伙企业（有限合伙）' }))).resolves.toBeUndefined();
    expect(fake.reads.filter((r) => r.kind === 'registry')).toHaveLength(2);
  });

  it('refuses with DEPARTMENT_UNAVAILABLE when the registry cannot be read', async () => {
    const fake = new FakeDepartments();
    fake.down.add('MARKET');
    expect((await refusal(checkPreconditions(fake, change()))).extensions.code).toBe('DEPARTMENT_UNAVAILABLE');
  });
});

describe('opening preconditions', () => {
  it('refuses a name already registered', async () => {
    const fake = new FakeDepartments();
    fake.names.set('青岛海岸线科技有限公司', USCC);
    const error = await refusal(checkPreconditions(fake, opening('青岛海岸线科技有限公司')));
    expect(error.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', blockers: [{ department: 'MARKET', code: 'NAME_TAKEN' }] });
    await expect(checkPreconditions(fake, opening('青岛全新名称科技有限公司'))).resolves.toBeUndefined();
  });

  it('accepts when the registry cannot be read: 设立登记 checks the name itself, and the bundle is durable', async () => {
    const fake = new FakeDepartments();
    fake.down.add('MARKET');
    fake.names.set('青岛海岸线科技有限公司', USCC);
    await expect(checkPreconditions(fake, opening('青岛海岸线科技有限公司'))).resolves.toBeUndefined();
  });
});
