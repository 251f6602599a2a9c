import { EMP_INSU_STAS, EMP_TYPE, EMPLOYER_INSUTYPES, FSI_ERROR, INSU_ADMDVS, INSUTYPE, type EmpType } from './codes.ts';
import { FsiFailure } from './envelope.ts';
import {
  RULES, dataOf, employerKey, invalid, optionalCode, optionalCodes, optionalDate, optionalIdCard, optionalText, optionalUscc, requiredText, type Data,
} from './input.ts';
import { arrearsSummary } from './queries.ts';
import type { EmployerRecord } from './records.ts';
import { editable, type EmployerStore } from './state.ts';

/**
 * The write transactions (33xx). The caller makes them idempotent on msgid (index.ts); here they
 * only check the business rules and change the overlay. `today` is the platform's business date.
 */

/** 3301 单位参保登记: a new employer, or one that was 注销 registering again (same emp_no). */
export function register(store: EmployerStore, input: Record<string, unknown>, today: string) {
  const data = dataOf(input);
  const uscc = optionalUscc(data);
  if (!uscc) throw invalid('缺少必填字段 input.data.uscc（统一社会信用代码）');
  if (data.emp_no !== undefined) throw invalid('单位参保登记不接受 input.data.emp_no：单位编号由医保系统分配');
  const emp_type = optionalCode(data, 'emp_type', '单位性质', EMP_TYPE);
  if (!emp_type) throw invalid('缺少必填字段 input.data.emp_type（单位性质）');
  const legrep_certno = optionalIdCard(data, 'legrep_certno', '法定代表人身份证号');
  if (!legrep_certno) throw invalid('缺少必填字段 input.data.legrep_certno（法定代表人身份证号）');
  const fields = {
    emp_name: requiredText(data, 'emp_name', RULES.emp_name),
    conaddr: requiredText(data, 'conaddr', RULES.conaddr),
    legrep_name: requiredText(data, 'legrep_name', RULES.legrep_name),
    legrep_tel: requiredText(data, 'legrep_tel', RULES.legrep_tel),
    agnter_name: requiredText(data, 'agnter_name', RULES.agnter_name),
    agnter_mob: requiredText(data, 'agnter_mob', RULES.agnter_mob),
  };
  const bank_name = optionalText(data, 'bank_name', RULES.bank_name) ?? null;
  const bankacct = optionalText(data, 'bankacct', RULES.bankacct) ?? null;
  if ((bank_name === null) !== (bankacct === null)) throw invalid('开户银行 bank_name 与银行账号 bankacct 须同时提供');
  const insutypes = optionalCodes(data, 'insutype', '参保险种', INSUTYPE) ?? [...EMPLOYER_INSUTYPES];
  const reg_date = optionalDate(data, 'begndate', '参保日期') ?? today;
  if (reg_date > today) throw invalid(`参保日期 begndate ${reg_date} 不能晚于今天 ${today}`);

  const existing = store.byUscc(uscc);
  if (existing && existing.emp_insu_stas !== '3') {
    throw new FsiFailure(FSI_ERROR.conflict, `单位已参保登记（单位编号 ${existing.emp_no}，状态 ${EMP_INSU_STAS[existing.emp_insu_stas]}），不能重复登记`);
  }
  const record: EmployerRecord = {
    emp_no: existing?.emp_no ?? store.empNoFor(uscc), uscc, emp_type, insu_admdvs: INSU_ADMDVS, reg_date,
    emp_insu_stas: '1', stas_chg_date: null, ...fields, legrep_certno, bank_name, bankacct, insutypes,
    psn_cnt_in_service: 0, psn_cnt_retired: 0, headcounts: [], contributions: [], arrears: [],
  };
  store.save(record);
  return {
    emp_no: record.emp_no, emp_name: record.emp_name, uscc, reg_date, emp_insu_stas: '1', emp_insu_stas_name: EMP_INSU_STAS['1'],
    insuinfo: insutypes.map((t) => ({ insutype: t, insutype_name: INSUTYPE[t], begndate: reg_date })),
  };
}

/** What 3302 may change, with the Chinese name of each item for chg_items. */
const CHANGEABLE = {
  emp_name: '单位名称', emp_type: '单位性质', conaddr: '通讯地址', legrep_name: '法定代表人姓名', legrep_certno: '法定代表人身份证号',
  legrep_tel: '法定代表人联系电话', agnter_name: '单位经办人姓名', agnter_mob: '单位经办人手机号', bank_name: '开户银行', bankacct: '银行账号',
} as const;
type Changeable = keyof typeof CHANGEABLE;

function readChanges(data: Data): Partial<Record<Changeable, string>> {
  const emp_type: EmpType | undefined = optionalCode(data, 'emp_type', '单位性质', EMP_TYPE);
  const read: Partial<Record<Changeable, string | undefined>> = {
    emp_type,
    legrep_certno: optionalIdCard(data, 'legrep_certno', '法定代表人身份证号'),
    emp_name: optionalText(data, 'emp_name', RULES.emp_name),
    conaddr: optionalText(data, 'conaddr', RULES.conaddr),
    legrep_name: optionalText(data, 'legrep_name', RULES.legrep_name),
    legrep_tel: optionalText(data, 'legrep_tel', RULES.legrep_tel),
    agnter_name: optionalText(data, 'agnter_name', RULES.agnter_name),
    agnter_mob: optionalText(data, 'agnter_mob', RULES.agnter_mob),
    bank_name: optionalText(data, 'bank_name', RULES.bank_name),
    bankacct: optionalText(data, 'bankacct', RULES.bankacct),
  };
  return Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined));
}

/** 3302 单位信息变更: name, address, legal representative, agent, bank (as after a 市场监管 变更). */
export function change(store: EmployerStore, input: Record<string, unknown>, today: string) {
  const data = dataOf(input);
  const key = employerKey(data);
  const changes = readChanges(data);
  if (Object.keys(changes).length === 0) throw invalid(`未提供任何变更项；可变更：${Object.entries(CHANGEABLE).map(([k, n]) => `${k}（${n}）`).join('、')}`);
  const record = editable(store.registered(key));
  const chg_items = (Object.entries(changes) as [Changeable, string][])
    .filter(([item, after]) => record[item] !== after)
    .map(([item, after]) => {
      const before = record[item];
      (record as unknown as Record<Changeable, string>)[item] = after;
      return { chg_item: item, chg_item_name: CHANGEABLE[item], before, after };
    });
  if (chg_items.length > 0) store.save(record);
  return { emp_no: record.emp_no, uscc: record.uscc, chg_date: today, chg_items };
}

/** 3303 单位注销: refused while 欠费 remain (arrears are cleared before the 医保 deregistration). */
export function deregister(store: EmployerStore, input: Record<string, unknown>, today: string) {
  const data = dataOf(input);
  const key = employerKey(data);
  optionalText(data, 'cancel_rea', { label: '注销原因', max: 200 });
  const current = store.registered(key);
  if (current.arrears.length > 0) {
    const s = arrearsSummary(current);
    throw new FsiFailure(
      FSI_ERROR.arrears,
      `单位存在欠费，不予注销：欠费所属期 ${current.arrears.map((a) => a.fee_ym).join('、')}，共 ${s.arrears_months} 个月，欠费金额合计 ${s.arrears_sumamt.toFixed(2)} 元`,
    );
  }
  const record = editable(current);
  Object.assign(record, { emp_insu_stas: '3', stas_chg_date: today, psn_cnt_in_service: 0, psn_cnt_retired: 0 });
  store.save(record);
  return { emp_no: record.emp_no, uscc: record.uscc, emp_insu_stas: '3', emp_insu_stas_name: EMP_INSU_STAS['3'], cancel_date: today };
}
