import { sumMoney } from '@district/domain';
import type { CalledDepartment } from '../bundles/definitions.ts';

/**
 * 证明 (certificates): what each kind says, which department's facts it is built from, what is read
 * of that department (the selection, and the same as Type.field for the access record), and the rule
 * that judges whether the facts support it. Pure: no reads, no store.
 *
 * The facts are what the department subgraphs really offer (their schema.graphql): tax payments of
 * the last twelve months, arrears, the 清税证明 the bureau issued; the 医保 contributions of the
 * last twelve months; the current property rights.
 */
export const CERTIFICATE_KINDS = ['TAX_PAYMENT', 'NO_TAX_ARREARS', 'TAX_CLEARANCE', 'INSURANCE_CONTRIBUTION', 'PROPERTY_HOLDINGS'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** A period of months, `yyyy-MM` to `yyyy-MM` inclusive. */
export interface Period { from: string; to: string }

export interface CertificateSpec {
  title: string;
  department: CalledDepartment;
  /** Whether the certificate is about a period (纳税证明, 参保缴费证明): then `period` is required. */
  needsPeriod: boolean;
  /** The selection on Enterprise read from the department, by `_entities`. */
  selection: string;
  /** The same, as Type.field (the access record). */
  fields: readonly string[];
}

export const CERTIFICATES: Record<CertificateKind, CertificateSpec> = {
  TAX_PAYMENT: {
    title: '纳税证明', department: 'TAX', needsPeriod: true,
    selection: 'tax { name status payments { taxItemLabel periodFrom periodTo amount paidOn } dataAsOf }',
    fields: ['Enterprise.tax', 'TaxProfile.name', 'TaxProfile.status', 'TaxProfile.payments', 'TaxPayment.taxItemLabel', 'TaxPayment.periodFrom', 'TaxPayment.periodTo', 'TaxPayment.amount', 'TaxPayment.paidOn', 'TaxProfile.dataAsOf'],
  },
  NO_TAX_ARREARS: {
    title: '无欠税证明', department: 'TAX', needsPeriod: false,
    selection: 'tax { name status hasArrears dataAsOf }',
    fields: ['Enterprise.tax', 'TaxProfile.name', 'TaxProfile.status', 'TaxProfile.hasArrears', 'TaxProfile.dataAsOf'],
  },
  TAX_CLEARANCE: {
    title: '清税证明', department: 'TAX', needsPeriod: false,
    selection: 'tax { name status clearance { certificateNo title issuedOn pathLabel } }',
    fields: ['Enterprise.tax', 'TaxProfile.name', 'TaxProfile.status', 'TaxProfile.clearance', 'TaxClearance.certificateNo', 'TaxClearance.title', 'TaxClearance.issuedOn', 'TaxClearance.pathLabel'],
  },
  INSURANCE_CONTRIBUTION: {
    title: '医保单位参保缴费证明', department: 'MEDICAL_INSURANCE', needsPeriod: true,
    selection: 'medicalInsurance { employerNo name statusLabel contributions(months: 12) { period headcount employerAmount employeeAmount total received } }',
    fields: ['Enterprise.medicalInsurance', 'MedicalInsuranceAccount.employerNo', 'MedicalInsuranceAccount.name', 'MedicalInsuranceAccount.statusLabel', 'MedicalInsuranceAccount.contributions', 'MedicalInsuranceContribution.period', 'MedicalInsuranceContribution.headcount', 'MedicalInsuranceContribution.employerAmount', 'MedicalInsuranceContribution.employeeAmount', 'MedicalInsuranceContribution.total', 'MedicalInsuranceContribution.received'],
  },
  PROPERTY_HOLDINGS: {
    title: '不动产登记信息查询结果', department: 'REAL_ESTATE', needsPeriod: false,
    selection: 'realEstate { registeredName currentUnitCount hasMortgage hasSeizure rights { certificateNo location rightTypeLabel use floorArea registeredOn } }',
    fields: ['Enterprise.realEstate', 'RealEstateHoldings.registeredName', 'RealEstateHoldings.currentUnitCount', 'RealEstateHoldings.hasMortgage', 'RealEstateHoldings.hasSeizure', 'RealEstateHoldings.rights', 'PropertyRight.certificateNo', 'PropertyRight.location', 'PropertyRight.rightTypeLabel', 'PropertyRight.use', 'PropertyRight.floorArea', 'PropertyRight.registeredOn'],
  },
};

/** One line of a certificate's body: a label and its value, both as printed. */
export interface CertificateItem { label: string; value: string }

/** What a certificate states, built from the department's answer. */
export interface CertificateContent {
  enterpriseName: string;
  period: Period | null;
  /** The sentence the certificate certifies (证明事项), in Chinese. */
  statement: string;
  items: CertificateItem[];
}

/** Why the facts do not support a certificate: a code and a bilingual reason. */
export interface Refusal { code: string; reason: string }

export type Judgement = { ok: true; content: CertificateContent } | { ok: false; refusals: Refusal[] };

const refused = (code: string, reason: string): Judgement => ({ ok: false, refusals: [{ code, reason }] });

const inPeriod = (month: string, p: Period) => month >= p.from && month <= p.to;
const periodText = (p: Period) => `${p.from} 至 ${p.to}`;

/**
 * Judges the department's answer (`entity`: the `_entities` answer of the kind's selection) for a
 * certificate of `kind`: its content, or every reason it cannot be issued.
 */
export function judgeCertificate(kind: CertificateKind, entity: Record<string, any> | null | undefined, period: Period | null): Judgement {
  switch (kind) {
    case 'TAX_PAYMENT': case 'NO_TAX_ARREARS': case 'TAX_CLEARANCE': {
      const tax = entity?.tax;
      if (!tax) return refused('NO_RECORD', '税务 (tax): 没有该企业的税务登记 — holds no tax registration of this enterprise');
      if (kind === 'TAX_PAYMENT') {
        const paid = (tax.payments ?? []).filter((p: any) => inPeriod(String(p.paidOn).slice(0, 7), period!));
        const byItem = new Map<string, string[]>();
        for (const p of paid) byItem.set(p.taxItemLabel, [...(byItem.get(p.taxItemLabel) ?? []), p.amount]);
        const total = sumMoney(paid.map((p: any) => p.amount));
        return {
          ok: true,
          content: {
            enterpriseName: tax.name, period,
            statement: `兹证明该纳税人在 ${periodText(period!)} 期间缴纳税款合计人民币 ${total} 元。`,
            items: [...[...byItem].map(([label, amounts]) => ({ label, value: `${sumMoney(amounts)} 元` })), { label: '合计', value: `${total} 元` }],
          },
        };
      }
      if (kind === 'NO_TAX_ARREARS') {
        if (tax.hasArrears === true) return refused('TAX_ARREARS', '税务 (tax): 存在欠税，不能开具无欠税证明 — tax arrears are outstanding, so no 无欠税证明 can be issued');
        if (tax.hasArrears !== false) return refused('UNCONFIRMED', '税务 (tax): 未能确认是否欠税 — whether taxes are owed could not be confirmed');
        return {
          ok: true,
          content: {
            enterpriseName: tax.name, period: null,
            statement: `经查询税收征管信息系统，截至 ${tax.dataAsOf}，未发现该纳税人有欠税情形。`,
            items: [{ label: '数据截止日期', value: tax.dataAsOf }],
          },
        };
      }
      const c = tax.clearance;
      if (!c) return refused('NOT_CLEARED', '税务 (tax): 该纳税人未办结清税，不能开具清税证明 — the taxpayer has no tax clearance, so no 清税证明 can be issued');
      return {
        ok: true,
        content: {
          enterpriseName: tax.name, period: null,
          statement: `该纳税人所有税务事项均已结清（${c.pathLabel}）。`,
          items: [{ label: '文书号', value: c.certificateNo }, { label: '清税日期', value: c.issuedOn }, { label: '清税方式', value: c.pathLabel }],
        },
      };
    }
    case 'INSURANCE_CONTRIBUTION': {
      const account = entity?.medicalInsurance;
      if (!account) return refused('NO_RECORD', '医保 (medical insurance): 没有该单位的参保登记 — holds no insurance registration of this employer');
      const rows = (account.contributions ?? []).filter((c: any) => inPeriod(c.period, period!));
      if (!rows.length) return refused('NO_CONTRIBUTIONS', `医保 (medical insurance): ${periodText(period!)} 期间没有缴费记录 — no contributions in the period (the last twelve months are kept online)`);
      const total = sumMoney(rows.map((r: any) => r.received));
      return {
        ok: true,
        content: {
          enterpriseName: account.name, period,
          statement: `兹证明该单位（单位编号 ${account.employerNo}）在 ${periodText(period!)} 期间参加职工基本医疗保险并缴费，实缴合计人民币 ${total} 元。`,
          items: [
            ...rows.map((r: any) => ({ label: r.period, value: `参保 ${r.headcount} 人，应缴 ${r.total} 元（单位 ${r.employerAmount}，个人 ${r.employeeAmount}），实缴 ${r.received} 元` })),
            { label: '实缴合计', value: `${total} 元` },
          ],
        },
      };
    }
    case 'PROPERTY_HOLDINGS': {
      const holdings = entity?.realEstate;
      const rights: any[] = holdings?.rights ?? [];
      return {
        ok: true,
        content: {
          // Without any record the register has no name for it: the certificate says so under the USCC.
          enterpriseName: holdings?.registeredName ?? '—',
          period: null,
          statement: rights.length
            ? `经查询不动产登记簿，该权利人名下现势不动产 ${rights.length} 处${holdings?.hasMortgage ? '，存在抵押' : ''}${holdings?.hasSeizure ? '，存在查封' : ''}。`
            : '经查询不动产登记簿，该权利人名下无现势不动产登记记录。',
          items: rights.map((r) => ({ label: r.certificateNo, value: `${r.location}，${r.rightTypeLabel}${r.use ? `，${r.use}` : ''}${r.floorArea != null ? `，建筑面积 ${r.floorArea} m²` : ''}，登簿 ${r.registeredOn}` })),
        },
      };
    }
  }
}
