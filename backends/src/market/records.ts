import type { Enterprise } from '@district/dataset';
import {
  ABNORMAL_REASON, ALT_ITEM, CER_TYPE_ID_CARD, CURRENCY, REG_ORG, REG_ORG_CODE, REG_STATE, entTypeLabel,
} from './codes.ts';

/**
 * Pure derivation from a core Enterprise to the registry's wire records. Nothing here is random:
 * every field is a core fact in the registry's vocabulary, so the other departments, deriving
 * from the same facts, agree with it. Field names follow GSXT-style registry exports
 * (uniscId, entName, lerep, dom, regState, altBe/altAf, speCause ...); docs/market.md lists them.
 */

/** 登记信息: the main record of one 市场主体. */
export interface EnterpriseRecord {
  uniscId: string; // 统一社会信用代码
  entName: string; // 企业名称
  entType: string | null; // 企业类型 code; null for 个体工商户 (they have none)
  entTypeCn: string | null;
  regCap: string | null; // 注册资本 (个体工商户: 资金数额), 万元, 6 decimals; null for 分公司
  regCapCur: string; // 币种, GB/T 12406 numeric
  regCapCurCn: string;
  estDate: string; // 成立日期 yyyy-MM-dd
  opFrom: string; // 营业期限自
  opTo: string | null; // 营业期限至, null = 长期
  lerep: string; // 法定代表人 (分公司: 负责人, 个体工商户: 经营者)
  lerepCerType: string;
  lerepCerTypeCn: string;
  lerepCerNo: string; // raw 身份证号: masking is the subgraph's job
  lerepTel: string;
  dom: string; // 住所
  /**
   * 楼宇编码: the district office building the enterprise is registered in (e.g. LS-B001), null
   * when it is registered elsewhere. District market bureaus tag registrations with it for
   * 楼宇经济 (building economy) statistics; it follows the 住所, so an address change re-tags.
   */
  buildingCode: string | null;
  opScope: string; // 经营范围
  industryPhy: string | null; // 行业门类 (GB/T 4754)
  industryPhyCn: string | null;
  regOrg: string; // 登记机关
  regOrgCode: string;
  apprDate: string; // 核准日期: the last registration act
  regState: string; // 登记状态, GSXT text
  regStateDate: string | null; // date the current 登记状态 took effect
  revDate: string | null; // 吊销日期
  canDate: string | null; // 注销日期
  parentUniscId: string | null; // 隶属企业 for 分支机构
}

export interface ChangeEntry {
  altId: string;
  altItem: string; // 变更事项 code (codes.ts ALT_ITEM)
  altItemCn: string;
  altBe: string; // 变更前
  altAf: string; // 变更后
  altDate: string; // 变更日期
}

/** 经营异常名录 entry: 列入 (listing) and, once removed, 移出 (removal). */
export interface AbnormalEntry {
  abnId: string;
  speCause: string; // 列入原因 code
  speCauseCn: string; // 列入原因
  abnTime: string; // 列入日期
  decOrg: string; // 作出决定机关 (列入)
  remExcpRes: string | null; // 移出原因
  remDate: string | null; // 移出日期
  reDecOrg: string | null; // 作出决定机关 (移出)
}

/** 分支机构 as listed under its parent. */
export interface BranchEntry {
  uniscId: string;
  brName: string;
  regOrg: string;
  estDate: string;
  regState: string;
  dom: string;
  lerep: string; // 负责人
}

const maxDate = (...dates: (string | null | undefined)[]) =>
  dates.filter((d): d is string => !!d).reduce((a, b) => (a > b ? a : b));

export function toRecord(e: Enterprise): EnterpriseRecord {
  const currency = CURRENCY[e.currency];
  const isBranch = e.parentUscc !== null || (e.typeCode ?? '').startsWith('2');
  const revoked = e.status === 'REVOKED_NOT_DEREGISTERED';
  const cancelled = e.status === 'DEREGISTERED' || e.status === 'REVOKED_DEREGISTERED';
  return {
    uniscId: e.uscc,
    entName: e.name,
    entType: e.typeCode,
    entTypeCn: entTypeLabel(e.typeCode),
    regCap: isBranch ? null : e.registeredCapitalWan.toFixed(6),
    regCapCur: currency.code,
    regCapCurCn: currency.name,
    estDate: e.establishedOn,
    opFrom: e.establishedOn,
    opTo: e.termTo,
    lerep: e.legalRepresentative.name,
    lerepCerType: CER_TYPE_ID_CARD.code,
    lerepCerTypeCn: CER_TYPE_ID_CARD.name,
    lerepCerNo: e.legalRepresentative.idNumber,
    lerepTel: e.legalRepresentative.phone,
    dom: e.address,
    buildingCode: e.buildingId,
    opScope: e.businessScope,
    industryPhy: e.industry.code || null,
    industryPhyCn: e.industry.label || null,
    regOrg: REG_ORG,
    regOrgCode: REG_ORG_CODE,
    apprDate: maxDate(e.establishedOn, e.statusOn, ...e.changes.map((c) => c.on)),
    regState: REG_STATE[e.status],
    regStateDate: e.statusOn,
    revDate: revoked ? e.statusOn : null,
    canDate: cancelled ? e.statusOn : null,
    parentUniscId: e.parentUscc,
  };
}

/** 变更记录, oldest first (the core list is kept in date order). */
export function toChanges(e: Enterprise): ChangeEntry[] {
  return [...e.changes]
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.on < b.c.on ? -1 : a.c.on > b.c.on ? 1 : a.i - b.i))
    .map(({ c, i }) => ({
      altId: `${e.uscc}-BG${String(i + 1).padStart(3, '0')}`,
      altItem: ALT_ITEM[c.item].code,
      altItemCn: ALT_ITEM[c.item].name,
      altBe: c.before,
      altAf: c.after,
      altDate: c.on,
    }));
}

export function toAbnormalEntries(e: Enterprise): AbnormalEntry[] {
  const a = e.trouble.abnormalList;
  if (!a) return [];
  const reason = ABNORMAL_REASON[a.reason];
  return [{
    abnId: `${e.uscc}-YC001`,
    speCause: reason.code,
    speCauseCn: reason.listed,
    abnTime: a.listedOn,
    decOrg: REG_ORG,
    remExcpRes: a.removedOn ? reason.removed : null,
    remDate: a.removedOn ?? null,
    reDecOrg: a.removedOn ? REG_ORG : null,
  }];
}

/** Whether the enterprise is on the 经营异常名录 now (listed and not removed). */
export const isListedAbnormal = (e: Enterprise): boolean => !!e.trouble.abnormalList && !e.trouble.abnormalList.removedOn;

export function toBranchEntry(branch: Enterprise): BranchEntry {
  return {
    uniscId: branch.uscc,
    brName: branch.name,
    regOrg: REG_ORG,
    estDate: branch.establishedOn,
    regState: REG_STATE[branch.status],
    dom: branch.address,
    lerep: branch.legalRepresentative.name,
  };
}
