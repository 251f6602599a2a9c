import { describe, expect, it } from 'vitest';
import { ESTABLISHABLE_TYPES } from '@district/backends/market/codes';
import { OPENABLE_TYPES, parseSubmission } from './form.ts';

/** The whole form checked at submission: every problem at once, each naming its field. */
const ID_NUMBER = '370212198001011235';
const opening = (extra: Record<string, unknown> = {}) => ({
  idempotencyKey: 'form-open-1', name: '青岛崂山示例科技有限公司', registeredCapital: '1000000.00', address: '山东省青岛市崂山区海尔路1号',
  businessScope: '软件开发', legalRepresentative: { name: '张三', idNumber: ID_NUMBER, phone: '13800000001' }, ...extra,
});
const change = (extra: Record<string, unknown>) => ({ idempotencyKey: 'form-change-1', uscc: '91370212MA3C12346X', ...extra });

function refused(kind: 'OPENING' | 'CHANGE' | 'DEREGISTRATION', input: unknown): { field: string; code: string; reason: string }[] {
  try {
    parseSubmission(kind, input);
  } catch (error: any) {
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.reasons).toEqual(error.extensions.problems.map((p: any) => `${p.field}: ${p.reason}`));
    return error.extensions.problems;
  }
  throw new Error('the form was accepted');
}
const fields = (problems: { field: string; code: string }[]) => problems.map((p) => `${p.field}:${p.code}`);

describe('the opening form', () => {
  it('accepts a good form, normalising the capital and defaulting the type', () => {
    const s = parseSubmission('OPENING', opening({ registeredCapital: '100' }));
    expect(s.form).toMatchObject({ name: '青岛崂山示例科技有限公司', typeCode: '1130', registeredCapital: '100.00' });
  });

  it('refuses an address outside the district and a name that breaks the naming rules, both at once', () => {
    const problems = refused('OPENING', opening({ address: '山东省青岛市市南区香港中路1号', name: '崂山示例 科技股份有限公司' }));
    expect(fields(problems)).toEqual(['name:NAME_CHARACTERS', 'name:NAME_DISTRICT', 'name:NAME_ORGANISATION_FORM', 'address:OUT_OF_DISTRICT']);
    expect(problems.find((p) => p.field === 'address')!.reason).toContain('山东省青岛市崂山区');
  });

  it('lists every problem of a bad form, naming each field', () => {
    const problems = refused('OPENING', {
      idempotencyKey: 'short', name: '青岛', typeCode: '9999', registeredCapital: '0', address: '山东省青岛市崂山区', businessScope: '软',
      legalRepresentative: { name: '张', idNumber: '370212198001011234', phone: '2380000000' },
    });
    expect(fields(problems)).toEqual([
      'idempotencyKey:LENGTH', 'typeCode:TYPE_CODE', 'name:NAME_TRADE_NAME', 'registeredCapital:NOT_POSITIVE', 'address:OUT_OF_DISTRICT',
      'businessScope:LENGTH', 'legalRepresentative.name:LENGTH', 'legalRepresentative.idNumber:ID_NUMBER', 'legalRepresentative.phone:PHONE',
    ]);
    expect(JSON.stringify(problems)).not.toContain('370212198001011234');
  });

  it('refuses a capital that is not a positive amount', () => {
    expect(fields(refused('OPENING', opening({ registeredCapital: '-1.00' })))).toEqual(['registeredCapital:NOT_POSITIVE']);
    expect(fields(refused('OPENING', opening({ registeredCapital: '1.234' })))).toEqual(['registeredCapital:FORMAT']);
    expect(fields(refused('OPENING', opening({ registeredCapital: 'abc' })))).toEqual(['registeredCapital:FORMAT']);
  });

  it('judges the name against the type applied for', () => {
    expect(fields(refused('OPENING', opening({ typeCode: '4533' })))).toEqual(['name:NAME_ORGANISATION_FORM']);
    expect(parseSubmission('OPENING', opening({ typeCode: '4533', name: '青岛启航投资合伙企业（有限合伙）' })).form.typeCode).toBe('4533');
  });

  it('refuses a 分公司 type, which is registered under its company and not with this form', () => {
    const [problem] = refused('OPENING', opening({ typeCode: '2130', name: '青岛崂山示例科技有限公司金家岭分公司' }));
    expect(problem).toMatchObject({ field: 'typeCode', code: 'TYPE_CODE' });
    expect(problem.reason).toContain('分公司');
  });

  it('opens exactly the types the market registry establishes, less the 分公司 ones', () => {
    expect([...OPENABLE_TYPES].sort()).toEqual(ESTABLISHABLE_TYPES.filter((t) => !t.startsWith('2')).sort());
  });

  it('refuses an address over 200 characters and a missing representative', () => {
    const problems = refused('OPENING', opening({ address: `山东省青岛市崂山区${'海'.repeat(200)}`, legalRepresentative: null }));
    expect(fields(problems)).toEqual(['address:LENGTH', 'legalRepresentative:REQUIRED']);
  });
});

describe('the change form', () => {
  it('checks the new name and the new address like an opening', () => {
    const problems = refused('CHANGE', change({ newName: '示例科技有限公司', newAddress: '北京市海淀区中关村大街1号' }));
    expect(fields(problems)).toEqual(['newName:NAME_DISTRICT', 'newAddress:OUT_OF_DISTRICT']);
  });

  it('lists a bad USCC with the other problems', () => {
    const problems = refused('CHANGE', change({ uscc: '91370212MA3C12346Y', newBusinessScope: ' ' }));
    expect(fields(problems)).toEqual(['uscc:FORMAT', 'newBusinessScope:REQUIRED']);
  });

  it('needs at least one item to change', () => {
    expect(fields(refused('CHANGE', change({ holdsProperty: true })))).toEqual(['input:REQUIRED']);
  });

  it('accepts a good change, phone optional for a new representative', () => {
    const s = parseSubmission('CHANGE', change({ newName: '青岛崂山新名科技有限公司', newLegalRepresentative: { name: '李四', idNumber: ID_NUMBER } }));
    expect(s.facts).toEqual({ changesName: true, holdsProperty: false });
  });
});

describe('the deregistration form', () => {
  it('refuses a reason the departments would not take (over 200 characters), with the other problems', () => {
    const problems = refused('DEREGISTRATION', { idempotencyKey: 'form-dereg-1', uscc: '91370212MA3C12346X', path: 'LATER', reason: '因'.repeat(201) });
    expect(fields(problems)).toEqual(['path:FORMAT', 'reason:LENGTH']);
  });
});
