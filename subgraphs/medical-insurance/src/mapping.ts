import { moneyFromYuanNumber } from '@district/domain';
import {
  ACCOUNT_STATUS_BY_CODE, COLLECTOR_BY_CODE, EMPLOYER_TYPE_BY_CODE, EMPLOYER_TYPE_LABELS, INSURANCE_TYPE_BY_CODE, INSURANCE_TYPE_LABELS, lookup,
} from './codes.ts';
import { MalformedReply } from './native-errors.ts';
import type {
  ArrearsStatement, Contribution, Coverage, EmployerAccount, HeadcountSnapshot, InsuranceType, PeriodWindow, RawPerson,
} from './domain.ts';
import type { ArrearsOutput, ContributionsOutput, EmployerInfoOutput, HeadcountsOutput } from './wire.ts';

/** Wire (already checked by wire.ts) → domain (domain.ts): codes to enums, 年月 to yyyy-MM, yuan to Money. */

/** 年月 "202610" → period "2026-10". */
export const periodOf = (ym: string): string => `${ym.slice(0, 4)}-${ym.slice(4, 6)}`;
/** Period "2026-10" → 年月 "202610". */
export const ymOf = (period: string): string => period.replace('-', '');

/** begn_ym / end_ym of 1302–1304 for an optional window. */
export function windowFields(window: PeriodWindow = {}): Record<string, string> {
  return { ...(window.from && { begn_ym: ymOf(window.from) }), ...(window.to && { end_ym: ymOf(window.to) }) };
}

function insuranceType(code: string, platformName?: string | null): { type: InsuranceType; label: string } {
  const type = lookup(INSURANCE_TYPE_BY_CODE, code);
  return type ? { type, label: INSURANCE_TYPE_LABELS[type] } : { type: 'OTHER', label: platformName || INSURANCE_TYPE_LABELS.OTHER };
}

const person = (name?: string | null, idNumber?: string | null, phone?: string | null): RawPerson => ({
  name: name || null, idNumber: idNumber || null, phone: phone || null,
});

/** 1301 → the account, or null when the employer is not on file. */
export function toEmployerAccount(uscc: string, output: EmployerInfoOutput): EmployerAccount | null {
  const info = output.empinfo;
  if (!info) return null;
  // Answering about another employer would show one enterprise's data as another's.
  if (info.uscc !== uscc) throw new MalformedReply(`1301 asked about one USCC and answered about another`);
  const status = lookup(ACCOUNT_STATUS_BY_CODE, info.emp_insu_stas);
  if (!status) throw new MalformedReply(`unknown emp_insu_stas "${info.emp_insu_stas}"`);
  const employerType = lookup(EMPLOYER_TYPE_BY_CODE, info.emp_type);
  // wire.ts refuses an employer on file without psncnt and arrears.
  const arrears = output.arrears!;
  const coverage = (output.insuinfo ?? []).map((c): Coverage => ({ ...insuranceType(c.insutype, c.insutype_name), code: c.insutype, startedOn: c.begndate ?? null }));
  return {
    uscc,
    employerNo: info.emp_no,
    name: info.emp_name,
    employerType: employerType ?? 'OTHER',
    employerTypeCode: info.emp_type,
    employerTypeLabel: employerType ? EMPLOYER_TYPE_LABELS[employerType] : info.emp_type_name || EMPLOYER_TYPE_LABELS.OTHER,
    regionCode: info.insu_admdvs,
    registeredOn: info.reg_date,
    status,
    statusChangedOn: info.stas_chg_date ?? null,
    address: info.conaddr || null,
    insuranceTypes: coverage,
    insuredCount: { inService: output.psncnt!.psn_cnt_in_service, retired: output.psncnt!.psn_cnt_retired },
    arrears: {
      hasArrears: arrears.arrears_flag === '1',
      months: arrears.arrears_months,
      total: moneyFromYuanNumber(arrears.arrears_sumamt),
      earliestPeriod: arrears.earliest_ym ? periodOf(arrears.earliest_ym) : null,
      latestPeriod: arrears.latest_ym ? periodOf(arrears.latest_ym) : null,
    },
    personal: {
      legalRepresentative: person(info.legrep_name, info.legrep_certno, info.legrep_tel),
      agent: person(info.agnter_name, null, info.agnter_mob),
      bankAccount: info.bankacct ? { bankName: info.bank_name || null, accountNumber: info.bankacct } : null,
    },
  };
}

const byPeriod = <T extends { period: string }>(rows: T[]): T[] => rows.sort((a, b) => a.period.localeCompare(b.period));

/** 1304 → every outstanding period, oldest first, and the total; null when not on file. */
export function toArrearsStatement(output: ArrearsOutput): ArrearsStatement | null {
  if (output.emp_no === null) return null;
  const periods = byPeriod(output.data.map((row) => {
    return { period: periodOf(row.fee_ym), insuranceType: insuranceType(row.insutype).type, amount: moneyFromYuanNumber(row.arrears_amt) };
  }));
  // The platform's total is authoritative (a real one may add late fees, 滞纳金, to it).
  return { periods, total: moneyFromYuanNumber(output.arrears_sumamt) };
}

/** 1303 → contributions, oldest first; null when not on file. */
export function toContributions(output: ContributionsOutput): Contribution[] | null {
  if (output.emp_no === null) return null;
  return byPeriod(output.data.map((row) => {
    return {
      period: periodOf(row.fee_ym), insuranceType: insuranceType(row.insutype).type, headcount: row.psn_cnt,
      base: moneyFromYuanNumber(row.clct_base), employerAmount: moneyFromYuanNumber(row.emp_clct_amt),
      employeeAmount: moneyFromYuanNumber(row.psn_clct_amt), total: moneyFromYuanNumber(row.clct_sumamt),
      received: moneyFromYuanNumber(row.arvl_amt), collectedOn: row.clct_date,
      collector: lookup(COLLECTOR_BY_CODE, row.clct_org) ?? 'OTHER', collectorName: row.clct_org_name || null,
    };
  }));
}

/** 1302 → monthly 参保人数, oldest first; null when not on file. */
export function toHeadcounts(output: HeadcountsOutput): HeadcountSnapshot[] | null {
  if (output.emp_no === null) return null;
  return byPeriod(output.data.map((row) => ({ period: periodOf(row.stt_ym), inService: row.psn_cnt_in_service, retired: row.psn_cnt_retired })));
}
