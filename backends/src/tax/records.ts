import type { Dataset, Enterprise } from '@district/dataset';
import { compact } from '@district/dataset/dates';
import { deriveCore, memoPerUscc, type TaxCore } from './core.ts';
import { deriveCredit } from './credit.ts';
import {
  CLEARANCE_PATH, ID_TYPE_RESIDENT_CARD, INDIVIDUAL_INDUSTRY, INDUSTRY_BY_SECTION, TAX_BUREAU, TAXPAYER_STATUS, VAT_KIND,
  noticeNumber, type ClearancePathCode, type TaxpayerStatusCode, type VatKindCode,
} from './codes.ts';

/** 清税证明 (税务事项通知书) issued when the taxpayer cleared its taxes before deregistering. */
export interface ClearanceCertificate {
  /** 文书号, e.g. 青崂税 税企清〔2024〕1234号. */
  wsh: string;
  wsmc: '清税证明';
  /** 开具日期. */
  kjrq: string;
  /** 清税方式: 1 免办, 2 即办, 3 一般流程. */
  qsfsDm: ClearancePathCode;
  qsfsMc: string;
}

/** 纳税人登记信息: the registration record as the tax system sends it. Dates yyyyMMdd. */
export interface TaxRegistrationRecord {
  /** 纳税人识别号 = the USCC. */
  nsrsbh: string;
  /** 登记序号: opaque 20-digit internal key. */
  djxh: string;
  /** 纳税人名称 (current, kept in step with 市场监管 by data sharing) and 曾用名. */
  nsrmc: string;
  cym: string | null;
  nsrztDm: TaxpayerStatusCode;
  nsrztMc: string;
  djrq: string;
  nsrlxDm: VatKindCode;
  nsrlxMc: string;
  /** 主管税务机关 and 主管税务科（所）. */
  zgswjgDm: string;
  zgswjgMc: string;
  zgswskfjDm: string;
  zgswskfjMc: string;
  hyDm: string;
  hyMc: string;
  /** 注册地址 and 生产经营地址. */
  zcdz: string;
  scjydz: string;
  /** 法定代表人 (or 业主 of a 个体工商户): name, 证件类型 (201 居民身份证) and the raw 证件号码. */
  fddbrxm: string;
  fddbrsfzjlxDm: string;
  fddbrsfzjhm: string;
  /** 财务负责人 and 办税人. */
  cwfzrxm: string;
  bsrxm: string;
  /** 总机构纳税人识别号 for a branch (分支机构). */
  zjgnsrsbh: string | null;
  /** 非正常户认定日期 (status 05). */
  fzcrdrq: string | null;
  /** 注销日期 (status 07/13) and its 清税证明. */
  zxrq: string | null;
  qszm: ClearanceCertificate | null;
}

/** How a closed enterprise cleared: 免办 for 简易注销无异议, 即办 with a good credit grade, else 一般. */
function clearancePath(e: Enterprise, ds: Dataset, core: TaxCore): ClearancePathCode {
  if (core.clearance?.simple) return '1';
  if (e.status !== 'DEREGISTERED' && e.status !== 'MOVED_OUT') return '3';
  const last = deriveCredit(e, ds).at(-1)?.xydj;
  return last === 'A' || last === 'B' ? '2' : '3';
}

export const certificate = (wsh: string, on: string, path: ClearancePathCode): ClearanceCertificate => ({
  wsh, wsmc: '清税证明', kjrq: compact(on), qsfsDm: path, qsfsMc: CLEARANCE_PATH[path],
});

/**
 * The registration record of an enterprise at the tax bureau, or null when it has not yet done
 * 新办纳税人信息确认. Pure and memoized per USCC: cross-department tests call it directly.
 */
export const deriveTaxpayer = memoPerUscc((e: Enterprise, ds: Dataset): TaxRegistrationRecord | null => {
  const core = deriveCore(e, ds);
  if (!core.registered) return null;
  const nsrlxDm: VatKindCode = e.vatKind === 'GENERAL' ? '1' : '2';
  const industry = e.entityClass === 'INDIVIDUAL_BUSINESS' ? INDIVIDUAL_INDUSTRY : INDUSTRY_BY_SECTION[e.industry.code] ?? { dm: '7299', mc: '其他未列明商务服务业' };
  const rename = e.changes.filter((c) => c.item === 'NAME').at(-1);
  const clearance = core.clearance;
  return {
    nsrsbh: e.uscc, djxh: core.djxh, nsrmc: e.name, cym: rename?.before ?? null,
    nsrztDm: core.status, nsrztMc: TAXPAYER_STATUS[core.status], djrq: compact(core.registeredOn),
    nsrlxDm, nsrlxMc: VAT_KIND[nsrlxDm],
    zgswjgDm: TAX_BUREAU.dm, zgswjgMc: TAX_BUREAU.mc, zgswskfjDm: core.office.dm, zgswskfjMc: core.office.mc,
    hyDm: industry.dm, hyMc: industry.mc, zcdz: e.address, scjydz: e.address,
    fddbrxm: e.legalRepresentative.name, fddbrsfzjlxDm: ID_TYPE_RESIDENT_CARD, fddbrsfzjhm: e.legalRepresentative.idNumber,
    cwfzrxm: core.financeOfficer, bsrxm: core.taxAgent, zjgnsrsbh: e.parentUscc,
    fzcrdrq: core.abnormalOn ? compact(core.abnormalOn) : null,
    zxrq: clearance ? compact(clearance.on) : null,
    qszm: clearance ? certificate(noticeNumber(clearance.on.slice(0, 4), clearance.serial), clearance.on, clearancePath(e, ds, core)) : null,
  };
});
