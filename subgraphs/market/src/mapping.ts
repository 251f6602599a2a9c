import { moneyFromWanString } from '@district/domain';
import {
  ABNORMAL_REASON_BY_CODE, ANNUAL_REPORT_FILED, CER_TYPE_ID_CARD, CHANGE_ITEM_BY_CODE, CURRENCY_BY_CODE, statusFromText,
} from './codes.ts';
import type { AbnormalListEntry, AnnualReport, BranchSummary, EntityClass, MarketEnterprise, RegistrationChange } from './domain.ts';
import type { z } from 'zod';
import type { AbnormalEntryWire, AnnualReportWire, BranchWire, ChangeWire, RecordWire } from './wire.ts';

/** Wire → domain: codes become enums, 万元 becomes Money. Pure, so it is tested without HTTP. */

/** A record that parsed but says something we cannot represent (e.g. an unknown 登记状态 text). */
export class WireMismatch extends Error {
  override name = 'WireMismatch';
}

/** 主体类别 from USCC position 2 under authority 9 (市场监管); otherwise from the 企业类型. */
export function entityClassOf(uscc: string, entType: string | null, entTypeCn: string | null): EntityClass {
  if (uscc[0] === '9') {
    const byCode = ({ '1': 'ENTERPRISE', '2': 'INDIVIDUAL_BUSINESS', '3': 'COOPERATIVE' } as const)[uscc[1]];
    if (byCode) return byCode;
  }
  if (entType === null && entTypeCn === '个体工商户') return 'INDIVIDUAL_BUSINESS';
  return entType === '9100' ? 'COOPERATIVE' : 'ENTERPRISE';
}

export function toEnterprise(w: RecordWire): MarketEnterprise {
  const status = statusFromText(w.regState);
  if (!status) throw new WireMismatch(`unknown 登记状态 "${w.regState}" for ${w.uniscId}`);
  const entityClass = entityClassOf(w.uniscId, w.entType, w.entTypeCn);
  const isBranch = w.parentUniscId !== null || (w.entType ?? '').startsWith('2');
  const capital = w.regCap === null ? null : moneyFromWanString(w.regCap);
  return {
    uscc: w.uniscId,
    name: w.entName,
    status,
    statusLabel: w.regState,
    statusOn: w.regStateDate,
    entityClass,
    type: { code: w.entType, label: w.entTypeCn },
    establishedOn: w.estDate,
    term: { from: w.opFrom ?? w.estDate, to: w.opTo, indefinite: w.opTo === null },
    registeredCapital: capital,
    registeredCapitalCurrency: capital === null || w.regCapCur === null ? null : (CURRENCY_BY_CODE[w.regCapCur] ?? null),
    legalRepresentative: {
      role: isBranch ? 'BRANCH_HEAD' : entityClass === 'INDIVIDUAL_BUSINESS' ? 'OPERATOR' : 'LEGAL_REPRESENTATIVE',
      name: w.lerep,
      idType: w.lerepCerType === CER_TYPE_ID_CARD ? 'RESIDENT_ID_CARD' : 'OTHER',
      idNumber: w.lerepCerNo,
    },
    address: w.dom,
    businessScope: w.opScope,
    industry: w.industryPhy && w.industryPhyCn ? { code: w.industryPhy, label: w.industryPhyCn } : null,
    registrationAuthority: w.regOrg,
    approvedOn: w.apprDate,
    revokedOn: w.revDate,
    deregisteredOn: w.canDate,
    buildingCode: w.buildingCode ?? null,
    parentUscc: w.parentUniscId,
    ...(w.changes && { changes: w.changes.map(toChange) }),
    ...(w.branches && { branches: w.branches.map(toBranch) }),
    ...(w.annualReports && { annualReports: w.annualReports.map(toAnnualReport) }),
    ...(w.abnormalEntries && { abnormalEntries: w.abnormalEntries.map(toAbnormalEntry) }),
  };
}

const toChange = (c: z.infer<typeof ChangeWire>): RegistrationChange => ({
  item: CHANGE_ITEM_BY_CODE[c.altItem] ?? 'OTHER',
  itemLabel: c.altItemCn,
  before: c.altBe,
  after: c.altAf,
  on: c.altDate,
});

const toBranch = (b: z.infer<typeof BranchWire>): BranchSummary => ({
  uscc: b.uniscId, name: b.brName, establishedOn: b.estDate, statusLabel: b.regState,
});

const toAbnormalEntry = (a: z.infer<typeof AbnormalEntryWire>): AbnormalListEntry => ({
  reason: ABNORMAL_REASON_BY_CODE[a.speCause] ?? 'OTHER',
  reasonText: a.speCauseCn,
  listedOn: a.abnTime,
  listedBy: a.decOrg,
  removedOn: a.remDate,
  removalReason: a.remDate ? a.remExcpRes : null,
  removedBy: a.remDate ? a.reDecOrg : null,
});

function toAnnualReport(r: z.infer<typeof AnnualReportWire>): AnnualReport {
  // The sections are only meaningful for a published report; an unpublished one shows nothing.
  const filed = r.ancheState === ANNUAL_REPORT_FILED && r.ancheDate !== null;
  const s = filed ? r.socialSecurity : null;
  const a = filed ? r.assets : null;
  return {
    year: r.ancheYear,
    filed,
    filedOn: filed ? r.ancheDate : null,
    nameAtYearEnd: filed ? (r.baseInfo?.entName ?? null) : null,
    addressAtYearEnd: filed ? (r.baseInfo?.dom ?? null) : null,
    employees: filed ? (r.baseInfo?.empNum ?? null) : null,
    insuredHeadcount: s && { pension: s.so110, unemployment: s.so210, medical: s.so310, workInjury: s.so410, maternity: s.so510 },
    finances: a && {
      totalAssets: moneyFromWanString(a.assGro),
      totalLiabilities: moneyFromWanString(a.liaGro),
      ownersEquity: moneyFromWanString(a.totEqu),
      totalRevenue: moneyFromWanString(a.vendInc),
      mainBusinessRevenue: moneyFromWanString(a.maiBusInc),
      totalProfit: moneyFromWanString(a.proGro),
      netProfit: moneyFromWanString(a.netInc),
      totalTaxPaid: moneyFromWanString(a.ratGro),
    },
  };
}
