import type { AbnormalReason, ChangeRecord, RegistrationStatus } from '@district/dataset';

/**
 * The registry's own code tables and display texts. Labels follow domain.md §2.1: full-width
 * parentheses, and 登记状态 exactly as 国家企业信用信息公示系统 (GSXT) shows it.
 */

/** 登记机关 of every enterprise in the district, and the authority that decides list entries. */
export const REG_ORG = '青岛市崂山区市场监督管理局';
export const REG_ORG_CODE = '370212';

/** 登记状态 text per core status. */
export const REG_STATE: Record<RegistrationStatus, string> = {
  EXISTING: '存续（在营、开业、在册）',
  REVOKED_NOT_DEREGISTERED: '吊销，未注销',
  REVOKED_DEREGISTERED: '吊销，已注销',
  DEREGISTERED: '注销',
  ANNULLED: '撤销',
  MOVED_OUT: '迁出',
  LIQUIDATING: '清算',
};
export const REG_STATE_TEXTS = Object.values(REG_STATE);

/** Statuses after which the enterprise no longer exists here: no filings, no changes, no branches count. */
export const ENDED: ReadonlySet<RegistrationStatus> = new Set(['DEREGISTERED', 'REVOKED_DEREGISTERED', 'ANNULLED', 'MOVED_OUT']);

/** 企业类型 (SAMR 市场主体类型) labels. 51xx/61xx labels are this system's simplification (domain.md gives ranges only). */
const TYPE_LABELS: Record<string, string> = {
  '1100': '有限责任公司',
  '1110': '有限责任公司（国有独资）',
  '1130': '有限责任公司（自然人投资或控股）',
  '1140': '有限责任公司（国有控股）',
  '1151': '有限责任公司（自然人独资）',
  '1152': '有限责任公司（自然人投资或控股的法人独资）',
  '1153': '有限责任公司（非自然人投资或控股的法人独资）',
  '1190': '其他有限责任公司',
  '1200': '股份有限公司',
  '1210': '股份有限公司（上市）',
  '1220': '股份有限公司（非上市）',
  '3100': '全民所有制',
  '3200': '集体所有制',
  '4531': '普通合伙企业',
  '4532': '特殊普通合伙企业',
  '4533': '有限合伙企业',
  '4540': '个人独资企业',
  '5100': '有限责任公司（外商投资）',
  '6100': '有限责任公司（港澳台投资）',
  '9100': '农民专业合作社',
};

/** Label for a 企业类型 code; 2xxx 分公司 codes mirror 11xx/12xx ("2151" → 有限责任公司分公司（自然人独资）). */
export function entTypeLabel(code: string | null): string | null {
  if (code === null) return '个体工商户';
  if (TYPE_LABELS[code]) return TYPE_LABELS[code];
  if (code.startsWith('2')) {
    const head = TYPE_LABELS['1' + code.slice(1)];
    if (head) return head.replace(/^(其他)?(有限责任公司|股份有限公司)/, '$1$2分公司');
  }
  return null;
}

/** Codes an establishment request may use: every known code, plus the branch mirrors of 11xx/12xx. */
export const ESTABLISHABLE_TYPES: readonly string[] = [
  ...Object.keys(TYPE_LABELS),
  ...Object.keys(TYPE_LABELS).filter((c) => /^1[12]/.test(c)).map((c) => '2' + c.slice(1)),
];

/** 币种: GB/T 12406 numeric code and name, as registries record 注册资本币种. */
export const CURRENCY: Record<'CNY' | 'USD' | 'HKD', { code: string; name: string }> = {
  CNY: { code: '156', name: '人民币' },
  USD: { code: '840', name: '美元' },
  HKD: { code: '344', name: '港元' },
};
export const currencyByCode = (code: string) =>
  (Object.entries(CURRENCY) as ['CNY' | 'USD' | 'HKD', { code: string }][]).find(([, v]) => v.code === code)?.[0];

/** 变更事项: this system's own two-digit codes (no national numbering is known, domain.md §6). */
export const ALT_ITEM: Record<ChangeRecord['item'], { code: string; name: string }> = {
  NAME: { code: '01', name: '名称变更' },
  ADDRESS: { code: '02', name: '住所变更' },
  LEGAL_REPRESENTATIVE: { code: '03', name: '法定代表人变更' },
  REGISTERED_CAPITAL: { code: '04', name: '注册资本变更' },
  BUSINESS_SCOPE: { code: '05', name: '经营范围变更' },
};

/** 列入经营异常名录原因 (企业信息公示暂行条例 / 经营异常名录管理办法 wording) and the matching 移出 text. */
export const ABNORMAL_REASON: Record<AbnormalReason, { code: string; listed: string; removed: string }> = {
  ANNUAL_REPORT_NOT_FILED: {
    code: '1', listed: '未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告的',
    removed: '补报未报年份的年度报告并公示，申请移出经营异常名录',
  },
  INFO_NOT_DISCLOSED: {
    code: '2', listed: '未在市场监督管理部门依照《企业信息公示暂行条例》第十条规定责令的期限内公示有关企业信息的',
    removed: '履行公示义务，申请移出经营异常名录',
  },
  FALSE_INFORMATION: {
    code: '3', listed: '公示企业信息隐瞒真实情况、弄虚作假的',
    removed: '更正其公示的信息，申请移出经营异常名录',
  },
  UNREACHABLE_AT_ADDRESS: {
    code: '4', listed: '通过登记的住所或者经营场所无法联系的',
    removed: '依法办理住所或者经营场所变更登记，或者提出通过登记的住所或者经营场所可以重新取得联系，申请移出经营异常名录',
  },
};

/** 证件类型 of the legal representative: 10 = 中华人民共和国居民身份证 (the only kind in the dataset). */
export const CER_TYPE_ID_CARD = { code: '10', name: '中华人民共和国居民身份证' };

/** 行业门类 (GB/T 4754-2017 sections). */
export const INDUSTRY_SECTIONS: Record<string, string> = {
  A: '农、林、牧、渔业', B: '采矿业', C: '制造业', D: '电力、热力、燃气及水生产和供应业', E: '建筑业', F: '批发和零售业',
  G: '交通运输、仓储和邮政业', H: '住宿和餐饮业', I: '信息传输、软件和信息技术服务业', J: '金融业', K: '房地产业',
  L: '租赁和商务服务业', M: '科学研究和技术服务业', N: '水利、环境和公共设施管理业', O: '居民服务、修理和其他服务业',
  P: '教育', Q: '卫生和社会工作', R: '文化、体育和娱乐业', S: '公共管理、社会保障和社会组织', T: '国际组织',
};

/** This registry's jurisdiction: a 住所 elsewhere is a 迁移 (migration), not a registration here. */
export const JURISDICTION_PREFIX = '山东省青岛市崂山区';
