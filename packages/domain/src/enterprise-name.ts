/**
 * 企业名称 (enterprise name) rules, as far as a form can check them: 企业名称登记管理规定
 * (国务院令第734号, 2020) and its 实施办法 (2023). A name is 行政区划 + 字号 + 行业 + 组织形式
 * (第七条); this module checks the parts that can be told from the text and the 企业类型 alone:
 *
 * - characters: 规范汉字 only (第六条; 实施办法: no 外文字母, 汉语拼音字母 or 阿拉伯数字), plus the
 *   full-width parentheses that hold a 行政区划 after the 字号 or a partnership's form; no spaces;
 * - 行政区划: the seat's county-level or higher region (第八条). For an enterprise seated in
 *   崂山区 that is 青岛 / 青岛市 (which 青岛崂山…, 青岛市崂山区… also start with) or 山东 / 山东省,
 *   at the front or in parentheses after the 字号 (海岸线（青岛）科技有限公司). 崂山 alone is
 *   refused: a 市辖区 name is used only together with its city's (第八条第二款);
 * - 字号: at least two characters between the 行政区划 and the 组织形式 (第九条);
 * - 组织形式: the one the 企业类型 requires (第十一条; 公司法, 合伙企业法, 个人独资企业法,
 *   农民专业合作社法) — see ORGANISATION_FORMS.
 *
 * What no form can check (a 字号 another enterprise holds, a misleading or improper name) is the
 * registry's business at 名称自主申报. The rules are the district's: the services form check uses
 * them, and a test holds every name of the sample dataset to them.
 */

/** 企业名称 length, in characters, as the registry bounds it. */
export const ENTERPRISE_NAME_MIN = 2;
export const ENTERPRISE_NAME_MAX = 100;

/** Regions an enterprise seated in 崂山区 may carry as its 行政区划, at the front of its name. */
export const NAME_REGIONS = ['山东省', '山东', '青岛市', '青岛'] as const;
/** The same in parentheses after the 字号, and the district itself there (青岛崂山, 青岛市崂山区). */
const REGIONS_IN_PARENTHESES = ['山东省', '山东', '青岛市', '青岛', '青岛市崂山区', '青岛崂山'];
/** The district's own name: only with its city's before it. */
const DISTRICT_ALONE = '崂山';

export type NameRule = 'LENGTH' | 'CHARACTERS' | 'DISTRICT' | 'TRADE_NAME' | 'ORGANISATION_FORM';

export interface NameProblem {
  rule: NameRule;
  /** Bilingual: 中文 — English. */
  reason: string;
}

/** The 组织形式 a 企业类型 requires: the endings its name may have, and words it must not use. */
export interface OrganisationForm {
  /** What the rule says, bilingual, for the message. */
  label: string;
  endings: readonly string[];
  forbidden?: readonly string[];
}

const LIMITED: OrganisationForm = {
  label: '有限责任公司的名称须以「有限公司」或「有限责任公司」结尾 — a limited liability company ends with 有限公司 or 有限责任公司',
  endings: ['有限责任公司', '有限公司'],
  forbidden: ['股份有限公司', '股份公司'],
};
const JOINT_STOCK: OrganisationForm = {
  label: '股份有限公司的名称须以「股份有限公司」或「股份公司」结尾 — a joint-stock company ends with 股份有限公司 or 股份公司',
  endings: ['股份有限公司', '股份公司'],
};
const BRANCH: OrganisationForm = {
  label: '分公司的名称须为隶属公司名称加「分公司」 — a branch is its company\'s name followed by 分公司',
  endings: ['分公司'],
};
const partnership = (form: string, english: string): OrganisationForm => ({
  label: `${form.slice(4, -1)}企业的名称须以「${form}」结尾 — a ${english} partnership ends with ${form}`,
  endings: [form],
});
const SOLE_PROPRIETORSHIP: OrganisationForm = {
  label: '个人独资企业的名称不得使用「有限」「有限责任」或「公司」字样 — a sole proprietorship may not call itself 有限, 有限责任 or 公司',
  endings: [],
  forbidden: ['有限', '公司'],
};
const NON_COMPANY: OrganisationForm = {
  label: '全民所有制、集体所有制企业不是公司法上的公司，名称不得以「有限公司」「股份公司」结尾 — a state- or collectively-owned enterprise is not a company-law company',
  endings: [],
  forbidden: ['有限责任公司', '有限公司', '股份公司'],
};
const COOPERATIVE: OrganisationForm = {
  label: '农民专业合作社的名称须以「专业合作社」或「专业合作社联合社」结尾 — a farmers\' cooperative ends with 专业合作社 or 专业合作社联合社',
  endings: ['专业合作社联合社', '专业合作社'],
};

const GENERAL_PARTNERSHIP = partnership('合伙企业（普通合伙）', 'general');
const SPECIAL_PARTNERSHIP = partnership('合伙企业（特殊普通合伙）', 'special general');
const LIMITED_PARTNERSHIP = partnership('合伙企业（有限合伙）', 'limited');

/** Every fixed ending, longest first (so 股份有限公司 is found before 有限公司). */
const ALL_ENDINGS = [LIMITED, JOINT_STOCK, BRANCH, GENERAL_PARTNERSHIP, SPECIAL_PARTNERSHIP, LIMITED_PARTNERSHIP, COOPERATIVE]
  .flatMap((f) => f.endings)
  .sort((a, b) => b.length - a.length);

/** The 组织形式 of a 企业类型 code (SAMR 市场主体类型), or undefined for a code this district does not register. */
export function organisationFormOf(typeCode: string): OrganisationForm | undefined {
  if (/^11\d\d$/.test(typeCode)) return LIMITED;
  if (/^12\d\d$/.test(typeCode)) return JOINT_STOCK;
  if (/^2[12]\d\d$/.test(typeCode)) return BRANCH; // 分公司 of an 11xx / 12xx company
  switch (typeCode) {
    case '5100': case '6100': return LIMITED; // 外商投资 / 港澳台投资 有限责任公司
    case '4531': return GENERAL_PARTNERSHIP;
    case '4532': return SPECIAL_PARTNERSHIP;
    case '4533': return LIMITED_PARTNERSHIP;
    case '4540': return SOLE_PROPRIETORSHIP;
    case '3100': case '3200': return NON_COMPANY;
    case '9100': return COOPERATIVE;
    default: return undefined;
  }
}

/** Characters a name may hold: 汉字 and the full-width parentheses. */
const ALLOWED = /^[\p{Script=Han}（）]$/u;

/**
 * Every rule the name breaks (empty: none), judged for `typeCode` when it is known; without it
 * the 组织形式 is not judged (a change of name is judged against the registered type).
 */
export function checkEnterpriseName(name: string, typeCode?: string | null): NameProblem[] {
  const chars = Array.from(name);
  if (chars.length < ENTERPRISE_NAME_MIN || chars.length > ENTERPRISE_NAME_MAX) {
    // Nothing else is judged of a name this far off: the reason would be noise.
    return [{ rule: 'LENGTH', reason: `企业名称须为${ENTERPRISE_NAME_MIN}至${ENTERPRISE_NAME_MAX}字，现为${chars.length}字 — the name must be ${ENTERPRISE_NAME_MIN}–${ENTERPRISE_NAME_MAX} characters, it has ${chars.length}` }];
  }
  const problems: NameProblem[] = [];
  const characters = charactersProblem(chars);
  if (characters) problems.push(characters);
  const form = typeCode ? organisationFormOf(typeCode) : undefined;
  const region = regionOf(name, form === BRANCH);
  if (!region.ok) problems.push({ rule: 'DISTRICT', reason: region.reason });
  // Without a known type, any form's ending still tells the 字号 from the 组织形式.
  const ending = (form ? form.endings : ALL_ENDINGS).find((e) => name.endsWith(e));
  const breaksForm = form && ((form.endings.length > 0 && !ending) || form.forbidden?.some((w) => name.includes(w)));
  if (breaksForm) problems.push({ rule: 'ORGANISATION_FORM', reason: `${form.label}（企业类型 ${typeCode}）` });
  if (region.ok && !breaksForm && form !== BRANCH) {
    // 字号 (+ 行业): what lies between the 行政区划 and the 组织形式 (the rest, when the form has no fixed ending or is not known).
    const middle = Array.from(name.slice(region.prefixLength, name.length - (ending?.length ?? 0)).replace(/（[^（）]*）/g, ''));
    if (middle.length < 2) problems.push({ rule: 'TRADE_NAME', reason: '名称须有至少两个汉字的字号 — the name needs a trade name (字号) of at least two characters between the region and the form' });
  }
  return problems;
}

function charactersProblem(chars: string[]): NameProblem | undefined {
  const bad = [...new Set(chars.filter((c) => !ALLOWED.test(c)))];
  const unbalanced = !balancedParentheses(chars);
  if (!bad.length && !unbalanced) return undefined;
  const shown = bad.slice(0, 5).map((c) => JSON.stringify(c)).join(', ') + (bad.length > 5 ? ` and ${bad.length - 5} more` : '');
  const hint = bad.some((c) => c === '(' || c === ')') ? '; use full-width parentheses （）' : '';
  return {
    rule: 'CHARACTERS',
    reason: bad.length
      ? `企业名称只能使用规范汉字和全角括号，不得含有字母、阿拉伯数字、空格或其他符号 — the name may hold only Chinese characters and full-width parentheses (no letters, digits, spaces or other signs); found ${shown}${hint}`
      : '企业名称中的括号须成对且不嵌套 — parentheses in the name must come in pairs, not nested',
  };
}

function balancedParentheses(chars: string[]): boolean {
  let open = false;
  for (const c of chars) {
    if (c === '（') {
      if (open) return false;
      open = true;
    } else if (c === '）') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

/** Where the 行政区划 is: at the front (its length), after the 字号 in parentheses (0), or missing (why). */
function regionOf(name: string, branch: boolean): { ok: true; prefixLength: number } | { ok: false; reason: string } {
  const front = NAME_REGIONS.find((r) => name.startsWith(r));
  if (front) return { ok: true, prefixLength: front.length };
  const bracketed = REGIONS_IN_PARENTHESES.some((r) => name.indexOf(`（${r}）`) >= 2);
  if (bracketed) return { ok: true, prefixLength: 0 };
  // A branch carries its company's name first (which may be from anywhere) and its own place before 分公司.
  if (branch && name.endsWith('分公司')) {
    const company = name.lastIndexOf('公司', name.length - 4);
    if (company > 0 && /青岛|崂山|山东/.test(name.slice(company + 2, -3))) return { ok: true, prefixLength: 0 };
  }
  if (name.startsWith(DISTRICT_ALONE)) {
    return { ok: false, reason: '市辖区名称须与所属市的名称连用，如「青岛崂山……」或「青岛市崂山区……」 — a district\'s name is used only with its city\'s: 青岛崂山… or 青岛市崂山区…, not 崂山… alone' };
  }
  return {
    ok: false,
    reason: '名称须冠以企业所在地的行政区划名称（青岛、青岛市、山东或山东省），或置于字号后的括号内，如「海岸线（青岛）科技有限公司」 — the name must carry the region of the enterprise\'s seat (青岛, 青岛市, 山东 or 山东省) in front, or in parentheses after the trade name',
  };
}
