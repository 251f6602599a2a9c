import { describe, expect, it } from 'vitest';
import { checkEnterpriseName, organisationFormOf } from './enterprise-name.ts';

const rules = (name: string, typeCode?: string) => checkEnterpriseName(name, typeCode).map((p) => p.rule);

describe('企业名称 rules (企业名称登记管理规定 2020)', () => {
  it('accepts names of every form the district registers', () => {
    const good: [string, string][] = [
      ['青岛海岸线科技有限公司', '1130'],
      ['青岛市崂山区云帆信息技术有限责任公司', '1151'],
      ['青岛崂山一次办成科技有限公司', '1130'],
      ['海岸线（青岛）科技有限公司', '1130'],
      ['山东鼎盛海洋科技股份有限公司', '1220'],
      ['青岛华泰商贸股份公司', '1210'],
      ['青岛海岸线科技有限公司金家岭分公司', '2130'],
      ['北京鼎盛科技有限公司青岛分公司', '2151'],
      ['青岛恒通贸易合伙企业（普通合伙）', '4531'],
      ['青岛博远投资合伙企业（特殊普通合伙）', '4532'],
      ['青岛启航资产管理合伙企业（有限合伙）', '4533'],
      ['青岛嘉禾商贸个人独资企业', '4540'],
      ['青岛崂山晨曦茶叶专业合作社', '9100'],
      ['青岛海创国际贸易有限公司', '5100'],
      ['青岛崂峰机械厂', '3100'],
      ['青岛第一印染厂', '3200'],
      ['青岛〇六科技有限公司', '1130'],
    ];
    for (const [name, type] of good) expect(checkEnterpriseName(name, type), `${name} (${type})`).toEqual([]);
  });

  it('refuses letters, Arabic digits (either width), spaces, half-width parentheses and other signs', () => {
    for (const name of ['青岛ABC科技有限公司', '青岛崂山测试1号科技有限公司', '青岛崂山测试１号科技有限公司', '青岛 海岸线科技有限公司', '海岸线(青岛)科技有限公司', '青岛海岸线·科技有限公司']) {
      expect(rules(name, '1130'), name).toContain('CHARACTERS');
    }
    const [problem] = checkEnterpriseName('海岸线(青岛)科技有限公司', '1130').filter((p) => p.rule === 'CHARACTERS');
    expect(problem.reason).toContain('full-width parentheses （）');
    expect(checkEnterpriseName('青岛 海岸 线科技有限公司').find((p) => p.rule === 'CHARACTERS')!.reason).toContain('found " "');
  });

  it('refuses unbalanced or nested parentheses', () => {
    expect(rules('海岸线（青岛科技有限公司', '1130')).toContain('CHARACTERS');
    expect(rules('海岸线（青岛（崂山））科技有限公司', '1130')).toContain('CHARACTERS');
  });

  it('asks for the 行政区划 of the seat, in front or in parentheses after the 字号', () => {
    expect(rules('海岸线科技有限公司', '1130')).toEqual(['DISTRICT']);
    expect(rules('上海海岸线科技有限公司', '1130')).toEqual(['DISTRICT']);
    expect(rules('（青岛）海岸线科技有限公司', '1130')).toEqual(['DISTRICT']);
    const alone = checkEnterpriseName('崂山海岸线科技有限公司', '1130');
    expect(alone.map((p) => p.rule)).toEqual(['DISTRICT']);
    expect(alone[0].reason).toContain('青岛崂山');
  });

  it('asks for the 组织形式 the 企业类型 requires', () => {
    expect(rules('青岛海岸线科技股份有限公司', '1130')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技有限公司', '1220')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技有限公司', '4531')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技合伙企业（有限合伙）', '4531')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技有限公司', '4540')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技有限公司', '3100')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线茶叶合作社', '9100')).toEqual(['ORGANISATION_FORM']);
    expect(rules('青岛海岸线科技有限公司', '2130')).toEqual(['ORGANISATION_FORM']);
    expect(checkEnterpriseName('青岛海岸线科技中心', '1130')[0].reason).toMatch(/有限公司.*企业类型 1130/);
  });

  it('asks for a 字号 of at least two characters', () => {
    expect(rules('青岛有限公司', '1130')).toEqual(['TRADE_NAME']);
    expect(rules('青岛市海有限公司', '1130')).toEqual(['TRADE_NAME']);
    expect(rules('青岛海岸有限公司', '1130')).toEqual([]);
    expect(rules('青岛')).toEqual(['TRADE_NAME']);
    expect(rules('青岛有限公司')).toEqual(['TRADE_NAME']);
    expect(rules('青岛股份有限公司')).toEqual(['TRADE_NAME']);
    expect(rules('青岛市海', '4540')).toEqual(['TRADE_NAME']);
  });

  it('judges the 组织形式 only when the type is known', () => {
    expect(rules('青岛海岸线科技合伙企业（普通合伙）')).toEqual([]);
    expect(rules('青岛海岸线科技有限公司', '8888')).toEqual([]);
    expect(organisationFormOf('8888')).toBeUndefined();
  });

  it('refuses a name of the wrong length, and only says that', () => {
    expect(rules('青')).toEqual(['LENGTH']);
    const long = checkEnterpriseName('青'.repeat(900_000), '1130');
    expect(long.map((p) => p.rule)).toEqual(['LENGTH']);
    expect(long[0].reason.length).toBeLessThan(200);
  });
});
