import { describe, expect, it } from 'vitest';
import { statusFromText } from './codes.ts';
import { marketEvents } from './events.ts';
import { entityClassOf } from './mapping.ts';
import { DepartmentRejectedError } from '@district/domain';
import { errorForFailure } from './native-errors.ts';
import type { MarketEnterprise } from './domain.ts';
import { planPages } from './pagination.ts';
import { changeValue, representativeIdNumber, representativeName } from './privacy.ts';

describe('registry vocabulary', () => {
  it('reads every GSXT status text, provincial variants of 存续 and half-width commas included', () => {
    expect(statusFromText('存续（在营、开业、在册）')).toBe('EXISTING');
    expect(statusFromText('在业')).toBe('EXISTING');
    expect(statusFromText('吊销，未注销')).toBe('REVOKED_NOT_DEREGISTERED');
    expect(statusFromText('吊销,已注销')).toBe('REVOKED_DEREGISTERED');
    expect(['注销', '撤销', '迁出', '迁入', '清算'].map(statusFromText)).toEqual(['DEREGISTERED', 'ANNULLED', 'MOVED_OUT', 'MOVED_IN', 'LIQUIDATING']);
    expect(statusFromText('营业中')).toBeNull();
  });

  it('tells the entity class from the USCC, or from the type when the code is not a 市场监管 one', () => {
    expect(entityClassOf('92370212MA3C12346T', null, '个体工商户')).toBe('INDIVIDUAL_BUSINESS');
    expect(entityClassOf('93370212MA3C12346X', '9100', '农民专业合作社')).toBe('COOPERATIVE');
    expect(entityClassOf('Y1370212MA3C12346X', null, '个体工商户')).toBe('INDIVIDUAL_BUSINESS');
    expect(entityClassOf('Y1370212MA3C12346X', '9100', null)).toBe('COOPERATIVE');
    expect(entityClassOf('91370212MA3C12346X', '1130', null)).toBe('ENTERPRISE');
  });
});

describe('native error codes', () => {
  it('turns a business refusal into DepartmentRejectedError with the registry’s reasons, and an unknown 5xx code into a retryable ERROR', () => {
    const refusal = errorForFailure({ code: 'E3001', message: '业务校验未通过: 存在未注销的分支机构', httpStatus: 422, data: { reasons: ['存在未注销的分支机构'] } });
    expect(refusal).toBeInstanceOf(DepartmentRejectedError);
    expect(refusal!.extensions).toMatchObject({ code: 'DEPARTMENT_REJECTED', department: 'MARKET', nativeCode: 'E3001', reasons: ['存在未注销的分支机构'] });
    expect(errorForFailure({ code: 'E4040', message: '未找到', httpStatus: 404, data: null })).toBeNull();
    expect(errorForFailure({ code: 'E9999', message: '?', httpStatus: 503, data: null })!.extensions).toMatchObject({ reason: 'ERROR', retryable: true });
    expect(errorForFailure({ code: 'E1003', message: '重复请求', httpStatus: 401, data: null })!.extensions).toMatchObject({ retryable: true });
  });
});

describe('masking', () => {
  it('masks names and ID numbers, person names in legal-representative changes, and withholds unknown change items', () => {
    expect(representativeName('王海涛')).toBe('王**');
    expect(representativeIdNumber('37021219820315201X')).toBe('370***********201X');
    const auditor = { sub: 'a', role: 'auditor', purpose: 'AUDIT', requestId: 'r' } as const;
    expect(changeValue('LEGAL_REPRESENTATIVE', '张伟', auditor)).toBe('张*');
    expect(changeValue('NAME', '青岛云帆网络科技有限公司')).toBe('青岛云帆网络科技有限公司');
    expect(changeValue('OTHER', '投资人：李四', auditor)).toBeNull();
  });

  it('unmasks only where the policy grants it, and refuses person names in changes without PERSONAL', () => {
    const officer = (department: 'MARKET' | 'TAX') => ({ sub: 'o', role: 'department-officer', department, purpose: 'DEPARTMENT_CASE', requestId: 'r' } as const);
    expect(representativeName('王海涛', officer('MARKET'))).toBe('王海涛');
    expect(representativeIdNumber('37021219820315201X', officer('MARKET'))).toBe('37021219820315201X');
    expect(representativeName('王海涛', officer('TAX'))).toBe('王**');
    expect(representativeName('王海涛', { sub: 'e', role: 'enterprise', uscc: '91370212MA3C12345X', purpose: 'SELF_SERVICE', requestId: 'r' })).toBe('王海涛');
    expect(changeValue('LEGAL_REPRESENTATIVE', '张伟', officer('MARKET'))).toBe('张伟');
    const staff = { sub: 's', role: 'building-staff' as const, buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' as const, requestId: 'r' };
    expect(() => changeValue('LEGAL_REPRESENTATIVE', '张伟', staff)).toThrow(/PERSONAL/);
    expect(changeValue('ADDRESS', '崂山区海尔路1号', staff)).toBe('崂山区海尔路1号');
  });
});

describe('registry page planning', () => {
  it('covers our page with the fewest registry pages of at most 100, then the least over-fetch', () => {
    expect(planPages(0, 200, 100)).toEqual({ pageSize: 100, firstPage: 1, lastPage: 2 });
    expect(planPages(200, 200, 100)).toEqual({ pageSize: 100, firstPage: 3, lastPage: 4 });
    expect(planPages(0, 20, 100)).toEqual({ pageSize: 20, firstPage: 1, lastPage: 1 });
    expect(planPages(40, 20, 100)).toEqual({ pageSize: 20, firstPage: 3, lastPage: 3 });
    expect(planPages(7, 5, 100)).toEqual({ pageSize: 6, firstPage: 2, lastPage: 2 });
    expect(planPages(20, 200, 100)).toEqual({ pageSize: 74, firstPage: 1, lastPage: 3 }); // 3 calls either way; 222 rows, not 300
    expect(planPages(50, 0, 100)).toEqual({ pageSize: 1, firstPage: 1, lastPage: 1 });
  });
});

const base: MarketEnterprise = {
  uscc: '91370212MA3C12346X', name: '青岛示例科技有限公司', status: 'EXISTING', statusLabel: '存续（在营、开业、在册）', statusOn: null,
  entityClass: 'ENTERPRISE', type: { code: '1130', label: '有限责任公司（自然人投资或控股）' }, establishedOn: '2016-03-18',
  term: { from: '2016-03-18', to: null, indefinite: true }, registeredCapital: '1000000.00', registeredCapitalCurrency: 'CNY',
  legalRepresentative: { role: 'LEGAL_REPRESENTATIVE', name: '王海涛', idType: 'RESIDENT_ID_CARD', idNumber: '37021219820315201X' },
  address: '山东省青岛市崂山区海尔路180号', businessScope: '软件开发', industry: null, registrationAuthority: '青岛市崂山区市场监督管理局',
  approvedOn: '2016-03-18', revokedOn: null, deregisteredOn: null, buildingCode: null, parentUscc: null,
  changes: [], branches: [], annualReports: [], abnormalEntries: [],
};

describe('market lifecycle events', () => {
  it('dates every registry act oldest first and keeps personal data out of the details', () => {
    const events = marketEvents({
      ...base,
      status: 'REVOKED_DEREGISTERED', statusOn: '2024-05-01', deregisteredOn: '2024-05-01',
      changes: [
        { item: 'LEGAL_REPRESENTATIVE', itemLabel: '法定代表人变更', before: '王海涛', after: '张伟', on: '2019-01-02' },
        { item: 'NAME', itemLabel: '名称变更', before: '旧名有限公司', after: '青岛示例科技有限公司', on: '2018-06-01' },
      ],
      branches: [{ uscc: '91370212MA3D00019X', name: '青岛示例科技有限公司分公司', establishedOn: '2020-02-02', statusLabel: '注销' }],
      annualReports: [
        { year: 2016, filed: true, filedOn: '2017-03-01', nameAtYearEnd: null, addressAtYearEnd: null, employees: 3, insuredHeadcount: null, finances: null },
        { year: 2017, filed: false, filedOn: null, nameAtYearEnd: null, addressAtYearEnd: null, employees: null, insuredHeadcount: null, finances: null },
      ],
      abnormalEntries: [{ reason: 'ANNUAL_REPORT_NOT_FILED', reasonText: '未按期公示年报', listedOn: '2018-07-02', listedBy: 'x', removedOn: '2018-09-01', removalReason: '补报', removedBy: 'x' }],
    });
    expect(events.map((e) => `${e.at} ${e.kind}`)).toEqual([
      '2016-03-18 ESTABLISHED', '2017-03-01 ANNUAL_REPORT_FILED', '2018-06-01 NAME_CHANGED', '2018-07-02 ABNORMAL_LISTED',
      '2018-09-01 ABNORMAL_REMOVED', '2019-01-02 CHANGED', '2020-02-02 BRANCH_ESTABLISHED', '2024-05-01 DEREGISTERED',
    ]);
    expect(events.every((e) => e.department === 'MARKET')).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/王海涛|张伟/);
    expect(events.find((e) => e.kind === 'NAME_CHANGED')!.detail).toBe('旧名有限公司 → 青岛示例科技有限公司');
  });

  it('marks liquidation, moving out and annulment from the status date', () => {
    const kinds = (status: MarketEnterprise['status']) => marketEvents({ ...base, status, statusOn: '2025-01-01' }).map((e) => e.kind);
    expect(kinds('LIQUIDATING')).toEqual(['ESTABLISHED', 'LIQUIDATION_STARTED']);
    expect(kinds('MOVED_OUT')).toEqual(['ESTABLISHED', 'MOVED_OUT']);
    expect(kinds('ANNULLED')).toEqual(['ESTABLISHED', 'DEREGISTERED']);
    expect(kinds('EXISTING')).toEqual(['ESTABLISHED']);
  });
});
