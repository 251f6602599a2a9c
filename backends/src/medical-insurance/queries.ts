import { EMP_INSU_STAS, EMP_TYPE, INSUTYPE, type Insutype } from './codes.ts';
import { dataOf, employerKey, invalid, optionalYm, type Data } from './input.ts';
import type { EmployerRecord } from './records.ts';
import type { EmployerStore } from './state.ts';

/**
 * The query transactions (13xx). One employer per call, by uscc or emp_no. An employer that is not
 * on file is not an error here: the platform answers infcode 0 with empty output (empinfo null,
 * emp_no null), exactly as it does for any query that finds nothing.
 */

const sum = (amounts: number[]): number => Math.round(amounts.reduce((s, a) => s + Math.round(a * 100), 0)) / 100;

function baseInfo(r: EmployerRecord) {
  return {
    emp_no: r.emp_no, emp_name: r.emp_name, uscc: r.uscc,
    emp_type: r.emp_type, emp_type_name: EMP_TYPE[r.emp_type],
    insu_admdvs: r.insu_admdvs, reg_date: r.reg_date,
    emp_insu_stas: r.emp_insu_stas, emp_insu_stas_name: EMP_INSU_STAS[r.emp_insu_stas], stas_chg_date: r.stas_chg_date,
    conaddr: r.conaddr, legrep_name: r.legrep_name, legrep_certno: r.legrep_certno, legrep_tel: r.legrep_tel,
    agnter_name: r.agnter_name, agnter_mob: r.agnter_mob, bank_name: r.bank_name, bankacct: r.bankacct,
  };
}

export function arrearsSummary(r: EmployerRecord) {
  return {
    arrears_flag: r.arrears.length > 0 ? '1' : '0',
    arrears_months: r.arrears.length,
    arrears_sumamt: sum(r.arrears.map((a) => a.arrears_amt)),
    earliest_ym: r.arrears[0]?.fee_ym ?? null,
    latest_ym: r.arrears.at(-1)?.fee_ym ?? null,
  };
}

/** 1301 单位参保信息查询: registration + current headcount + arrears summary in one call. */
export function employerInfo(store: EmployerStore, input: Record<string, unknown>) {
  const r = store.find(employerKey(dataOf(input)));
  if (!r) return { empinfo: null, insuinfo: [], psncnt: null, arrears: null };
  return {
    empinfo: baseInfo(r),
    insuinfo: r.insutypes.map((t: Insutype) => ({ insutype: t, insutype_name: INSUTYPE[t], begndate: r.reg_date })),
    psncnt: { psn_cnt_in_service: r.psn_cnt_in_service, psn_cnt_retired: r.psn_cnt_retired },
    arrears: arrearsSummary(r),
  };
}

/** The optional begn_ym / end_ym window of 1302–1304. */
function window(data: Data): (ym: string) => boolean {
  const begn = optionalYm(data, 'begn_ym', '开始年月');
  const end = optionalYm(data, 'end_ym', '结束年月');
  if (begn && end && begn > end) throw invalid(`开始年月 begn_ym ${begn} 晚于结束年月 end_ym ${end}`);
  return (ym) => (!begn || ym >= begn) && (!end || ym <= end);
}

function listing<T>(store: EmployerStore, input: Record<string, unknown>, pick: (r: EmployerRecord) => T[], ymOf: (t: T) => string) {
  const data = dataOf(input);
  const key = employerKey(data);
  const inWindow = window(data);
  const r = store.find(key);
  if (!r) return { emp_no: null, emp_name: null, data: [] as T[] };
  return { emp_no: r.emp_no, emp_name: r.emp_name, data: pick(r).filter((t) => inWindow(ymOf(t))) };
}

/** 1302 参保人数月度快照: 在职 / 退休 per month while registered (the 12 online months). */
export const headcounts = (store: EmployerStore, input: Record<string, unknown>) =>
  listing(store, input, (r) => r.headcounts, (h) => h.stt_ym);

/** 1303 单位缴费记录查询: contributions per 费款所属期 (the 12 online months). */
export const contributions = (store: EmployerStore, input: Record<string, unknown>) => {
  const out = listing(store, input, (r) => r.contributions, (c) => c.fee_ym);
  return { ...out, data: out.data.map((c) => ({ ...c, insutype_name: INSUTYPE[c.insutype] })) };
};

/** 1304 单位欠费查询: every outstanding period with its amount, and the total. */
export const arrears = (store: EmployerStore, input: Record<string, unknown>) => {
  const out = listing(store, input, (r) => r.arrears, (a) => a.fee_ym);
  return { ...out, arrears_sumamt: sum(out.data.map((a) => a.arrears_amt)) };
};
