import { checkUscc, describeUsccProblem } from '@district/domain';
import { isValidIdCard } from '@district/domain';
import { FSI_ERROR } from './codes.ts';
import { FsiFailure } from './envelope.ts';
import { YM } from './months.ts';

/**
 * Readers for `input.data`, the transaction's business fields. Each problem becomes one FSI-400
 * err_msg naming the field with its Chinese term, so an adapter author can fix the call from the
 * message alone.
 */

const bad = (text: string) => new FsiFailure(FSI_ERROR.badRequest, `参数校验失败：${text}`);

export type Data = Record<string, unknown>;

/** `input.data` as one object; a list is a batch, which this platform never accepts. */
export function dataOf(input: Record<string, unknown>): Data {
  const data = input.data;
  if (Array.isArray(data)) throw bad('不支持批量查询：input.data 必须是单个对象，每次调用只能处理一个单位');
  if (typeof data !== 'object' || data === null) throw bad('缺少必填字段 input.data（业务参数对象）');
  return data as Data;
}

export interface TextRule {
  label: string;
  max?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  hint?: string;
}

export function optionalText(data: Data, key: string, rule: TextRule): string | undefined {
  const v = data[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (Array.isArray(v)) throw bad(`不支持批量：input.data.${key}（${rule.label}）必须是单个值，不能是列表`);
  if (typeof v !== 'string') throw bad(`input.data.${key}（${rule.label}）必须是字符串`);
  const s = v.trim();
  if (rule.max && s.length > rule.max) throw bad(`input.data.${key}（${rule.label}）最长 ${rule.max} 个字符`);
  if (rule.pattern && !rule.pattern.test(s)) throw bad(`input.data.${key}（${rule.label}）格式错误：${rule.hint ?? rule.pattern}，收到 "${s}"`);
  return s;
}

export function requiredText(data: Data, key: string, rule: TextRule): string {
  const v = optionalText(data, key, rule);
  if (v === undefined) throw bad(`缺少必填字段 input.data.${key}（${rule.label}）`);
  return v;
}

export function optionalUscc(data: Data, key = 'uscc'): string | undefined {
  const v = optionalText(data, key, { label: '统一社会信用代码' });
  if (v === undefined) return undefined;
  const verdict = checkUscc(v);
  if (!verdict.valid) throw bad(`input.data.${key}：${describeUsccProblem(v, verdict.problem!)}`);
  return v;
}

/** Which employer a call is about: uscc or emp_no (单位编号), at least one. */
export interface EmployerKey {
  uscc?: string;
  emp_no?: string;
}

export function employerKey(data: Data): EmployerKey {
  const uscc = optionalUscc(data);
  const emp_no = optionalText(data, 'emp_no', { label: '单位编号', max: 30, pattern: /^[0-9A-Za-z]+$/, hint: '字母或数字' });
  if (!uscc && !emp_no) throw bad('须提供 input.data.uscc（统一社会信用代码）或 input.data.emp_no（单位编号）之一');
  return { uscc, emp_no };
}

export const RULES = {
  emp_name: { label: '单位名称', max: 200 },
  conaddr: { label: '通讯地址', max: 200 },
  legrep_name: { label: '法定代表人姓名', max: 50 },
  legrep_tel: { label: '法定代表人联系电话', pattern: /^(1\d{10}|0\d{2,3}-?\d{7,8})$/, hint: '11 位手机号或区号+座机号' },
  agnter_name: { label: '单位经办人姓名', max: 50 },
  agnter_mob: { label: '单位经办人手机号', pattern: /^1\d{10}$/, hint: '11 位手机号' },
  bank_name: { label: '开户银行', max: 100 },
  bankacct: { label: '银行账号', pattern: /^\d{8,30}$/, hint: '8–30 位数字' },
} satisfies Record<string, TextRule>;

export function optionalIdCard(data: Data, key: string, label: string): string | undefined {
  const v = optionalText(data, key, { label });
  if (v !== undefined && !isValidIdCard(v)) throw bad(`input.data.${key}（${label}）不是有效的居民身份证号（GB 11643：18 位，出生日期与校验位须正确），收到 "${v}"`);
  return v;
}

export function optionalYm(data: Data, key: string, label: string): string | undefined {
  return optionalText(data, key, { label, pattern: YM, hint: 'yyyyMM' });
}

export function optionalDate(data: Data, key: string, label: string): string | undefined {
  const v = optionalText(data, key, { label, pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'yyyy-MM-dd' });
  if (v !== undefined && Number.isNaN(Date.parse(v + 'T00:00:00Z'))) throw bad(`input.data.${key}（${label}）不是有效日期，收到 "${v}"`);
  if (v !== undefined && new Date(v + 'T00:00:00Z').toISOString().slice(0, 10) !== v) throw bad(`input.data.${key}（${label}）不是有效日期，收到 "${v}"`);
  return v;
}

/** One code from a code table, e.g. emp_type "10". */
export function optionalCode<T extends string>(data: Data, key: string, label: string, table: Record<T, string>): T | undefined {
  const v = optionalText(data, key, { label });
  if (v !== undefined && !Object.hasOwn(table, v)) {
    throw bad(`input.data.${key}（${label}）代码 "${v}" 不存在；可用：${Object.entries(table).map(([c, n]) => `${c} ${n}`).join('、')}`);
  }
  return v as T | undefined;
}

/** A list of codes from a code table, e.g. insutype ["310","330"]. */
export function optionalCodes<T extends string>(data: Data, key: string, label: string, table: Record<T, string>): T[] | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw bad(`input.data.${key}（${label}）不能为空`);
  for (const code of list) {
    if (typeof code !== 'string' || !Object.hasOwn(table, code)) {
      throw bad(`input.data.${key}（${label}）含未知代码 ${JSON.stringify(code)}；可用：${Object.entries(table).map(([c, n]) => `${c} ${n}`).join('、')}`);
    }
  }
  return [...new Set(list as T[])];
}

export const invalid = bad;
