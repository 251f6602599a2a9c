import { buildUscc, USCC_CHARSET } from '@district/domain';
import type { Building, ChangeRecord, Enterprise, EntityClass, RegistrationStatus, Trouble, PropertyFacts, AbnormalReason } from './types.ts';
import { rngFor, type Rng } from './rng.ts';
import { addDays, fromDays, toDays, minDate } from './dates.ts';
import { person } from './people.ts';
import { INDUSTRIES, ROADS, SHOP_KINDS, STREETS, TRADE_NAME_CHARS } from './vocabulary.ts';

/**
 * One generated enterprise. Distribution (documented in README.md):
 * - 15% 个体工商户, 0.5% 农民专业合作社, 5% branches of generated companies, the rest enterprises
 *   by 企业类型 weight below;
 * - established 2005 → asOf, more each year; older ones more often closed;
 * - status: ~82% 存续, ~12% 注销, ~4% 吊销未注销, ~1% 吊销已注销, ~1% 清算, ~0.7% 迁出;
 * - trouble among 存续: ~6% on the 经营异常名录 (a quarter since removed), ~2.5% 非正常户,
 *   ~5% tax arrears, ~4% of insured employers in 医保 arrears, ~8% hold property
 *   (a third mortgaged, ~6% seized, far more among those in arrears).
 */

const COMPANY_TYPES: readonly (readonly [string, number])[] = [
  ['1130', 40], ['1151', 18], ['1152', 6], ['1153', 3], ['1190', 4], ['1110', 0.5], ['1140', 1], ['1220', 2], ['1210', 0.3],
  ['4531', 0.5], ['4533', 2], ['4540', 2], ['5100', 2], ['6100', 1],
];

export interface GenerateContext {
  seed: number;
  asOf: string;
  buildingById: Map<string, Building>;
  usedNames: Set<string>;
}

/** Unique 8-character organisation-code bodies: "MA" + 6 scrambled base-31 characters for codes issued since 2015, 8 digits before. */
export function orgBody(index: number, since2015: boolean): string {
  if (since2015) {
    let n = (index * 48_271 + 9_737_333) % 887_503_681; // 31^6, multiplier coprime with it: a bijection on indices
    let body = '';
    for (let i = 0; i < 6; i++) {
      body = USCC_CHARSET[n % 31] + body;
      n = Math.floor(n / 31);
    }
    return 'MA' + body;
  }
  return String((index * 7_919 + 20_151_234) % 100_000_000).padStart(8, '0');
}

function establishedOn(rng: Rng, asOf: string): string {
  const start = toDays('2005-01-01');
  const end = toDays(asOf) - 1;
  // Triangular density rising towards the present: more enterprises are founded each year.
  const u = Math.sqrt(rng.next());
  return fromDays(Math.floor(start + u * (end - start)));
}

function tradeName(rng: Rng): string {
  return rng.pick(TRADE_NAME_CHARS) + rng.pick(TRADE_NAME_CHARS);
}

function uniqueName(ctx: GenerateContext, rng: Rng, make: (trade: string) => string): string {
  for (let attempt = 0; ; attempt++) {
    const trade = attempt < 20 ? tradeName(rng) : tradeName(rng) + rng.pick(TRADE_NAME_CHARS);
    const name = make(trade);
    if (!ctx.usedNames.has(name)) {
      ctx.usedNames.add(name);
      return name;
    }
  }
}

const COMPANY_FORMS: Record<string, string> = {
  '1210': '股份有限公司', '1220': '股份有限公司', '4531': '合伙企业（普通合伙）', '4533': '合伙企业（有限合伙）', '4540': '个人独资企业',
};

function status(rng: Rng, established: string, asOf: string): { status: RegistrationStatus; statusOn: string | null } {
  const ageYears = (toDays(asOf) - toDays(established)) / 365;
  if (ageYears < 1) return { status: 'EXISTING', statusOn: null };
  const f = Math.min(1, ageYears / 10);
  const s = rng.weighted<RegistrationStatus>([
    ['EXISTING', 82], ['DEREGISTERED', 14 * f + 2], ['REVOKED_NOT_DEREGISTERED', 4 * f + 0.5], ['REVOKED_DEREGISTERED', 1.2 * f],
    ['LIQUIDATING', 0.8], ['MOVED_OUT', 0.7], ['ANNULLED', 0.05],
  ]);
  if (s === 'EXISTING') return { status: s, statusOn: null };
  const from = toDays(established) + 300;
  const to = toDays(asOf) - 5;
  return { status: s, statusOn: fromDays(rng.int(from, Math.max(from, to))) };
}

function trouble(rng: Rng, status: RegistrationStatus, established: string, asOf: string, insured: boolean): Trouble {
  const t: Trouble = { taxArrears: false, taxAbnormal: false, insuranceArrears: false };
  const closed = status === 'DEREGISTERED' || status === 'REVOKED_DEREGISTERED' || status === 'MOVED_OUT' || status === 'ANNULLED';
  if (closed) return t;
  const revoked = status === 'REVOKED_NOT_DEREGISTERED';
  const old = toDays(asOf) - toDays(established) > 550;
  if (old && rng.chance(revoked ? 0.6 : 0.06)) {
    const reason = rng.weighted<AbnormalReason>([
      ['ANNUAL_REPORT_NOT_FILED', 65], ['UNREACHABLE_AT_ADDRESS', 30], ['INFO_NOT_DISCLOSED', 3], ['FALSE_INFORMATION', 2],
    ]);
    // A report for year Y is due by 30 June of Y+1, so a "not filed" listing comes no earlier than 1 July of Y+1.
    const earliest = reason === 'ANNUAL_REPORT_NOT_FILED' ? toDays(`${Number(established.slice(0, 4)) + 1}-07-01`) : toDays(established) + 400;
    if (earliest >= toDays(asOf) - 10) return { ...t, ...rest(rng, revoked, insured, undefined) };
    const listedOn = fromDays(rng.int(earliest, toDays(asOf) - 10));
    const removed = !revoked && rng.chance(0.25) && toDays(asOf) - toDays(listedOn) > 60;
    t.abnormalList = { listedOn, reason, ...(removed ? { removedOn: fromDays(rng.int(toDays(listedOn) + 30, toDays(asOf) - 1)) } : {}) };
  }
  return { ...t, ...rest(rng, revoked, insured, t.abnormalList) };
}

/** Tax and insurance trouble, correlated with being unreachable at the registered address. */
function rest(rng: Rng, revoked: boolean, insured: boolean, abnormal: Trouble['abnormalList']): Trouble {
  const unreachable = abnormal?.reason === 'UNREACHABLE_AT_ADDRESS' && !abnormal.removedOn;
  const taxAbnormal = revoked ? rng.chance(0.5) : unreachable ? rng.chance(0.7) : rng.chance(0.012);
  const taxArrears = taxAbnormal ? rng.chance(0.6) : rng.chance(0.045);
  const insuranceArrears = insured && (taxArrears ? rng.chance(0.3) : rng.chance(0.03));
  return { ...(abnormal ? { abnormalList: abnormal } : {}), taxAbnormal, taxArrears, insuranceArrears };
}

function property(rng: Rng, e: { status: RegistrationStatus; statusOn: string | null; establishedOn: string; capital: number; trouble: Trouble }, asOf: string): PropertyFacts {
  const p = Math.min(0.35, 0.04 + e.capital / 20_000);
  if (!rng.chance(p)) return { units: 0, mortgaged: false, seized: false };
  const acquiredFrom = toDays(e.establishedOn) + 60;
  const acquiredTo = toDays(e.statusOn ?? asOf) - 120;
  if (acquiredTo <= acquiredFrom) return { units: 0, mortgaged: false, seized: false };
  const firstAcquiredOn = fromDays(rng.int(acquiredFrom, acquiredTo));
  const units = rng.weighted([[1, 70], [2, 20], [3, 7], [4, 3]] as const);
  const closed = e.status === 'DEREGISTERED' || e.status === 'REVOKED_DEREGISTERED' || e.status === 'MOVED_OUT' || e.status === 'ANNULLED';
  if (closed) {
    // Rights are disposed of before the enterprise is closed: 查封 would have blocked the transfer.
    const disposedOn = fromDays(rng.int(toDays(firstAcquiredOn) + 30, Math.max(toDays(firstAcquiredOn) + 30, toDays(e.statusOn!) - 20)));
    return { units, mortgaged: false, seized: false, firstAcquiredOn, disposedOn };
  }
  const inTrouble = e.trouble.taxArrears || e.trouble.insuranceArrears || e.status === 'REVOKED_NOT_DEREGISTERED';
  return { units, firstAcquiredOn, mortgaged: rng.chance(inTrouble ? 0.6 : 0.33), seized: rng.chance(inTrouble ? 0.3 : 0.04) };
}

function changes(rng: Rng, ent: { name: string; address: string; establishedOn: string; statusOn: string | null; capital: number; industryScope: string }, previousRep: () => string, repName: string, asOf: string, seedName: () => string): { records: ChangeRecord[]; originalName: string } {
  const records: ChangeRecord[] = [];
  let originalName = ent.name;
  const count = rng.chance(0.3) ? rng.int(1, 4) : 0;
  const end = toDays(minDate(ent.statusOn ?? asOf, asOf)) - 1;
  const start = toDays(ent.establishedOn) + 90;
  if (end <= start) return { records, originalName };
  const dates = Array.from({ length: count }, () => rng.int(start, end)).sort((a, b) => a - b);
  for (const d of dates) {
    const item = rng.weighted<ChangeRecord['item']>([['ADDRESS', 35], ['LEGAL_REPRESENTATIVE', 20], ['REGISTERED_CAPITAL', 20], ['BUSINESS_SCOPE', 15], ['NAME', 10]]);
    if (item === 'NAME' && records.some((r) => r.item === 'NAME')) continue;
    const on = fromDays(d);
    switch (item) {
      case 'NAME':
        originalName = seedName();
        records.push({ on, item, before: originalName, after: ent.name });
        break;
      case 'ADDRESS':
        records.push({ on, item, before: `山东省青岛市崂山区${rng.pick(ROADS)}${rng.int(1, 399)}号`, after: ent.address });
        break;
      case 'LEGAL_REPRESENTATIVE':
        records.push({ on, item, before: previousRep(), after: repName });
        break;
      case 'REGISTERED_CAPITAL': {
        const before = Math.max(1, Math.round(ent.capital / rng.pick([2, 4, 5, 10])));
        records.push({ on, item, before: `${before}万元`, after: `${ent.capital}万元` });
        break;
      }
      case 'BUSINESS_SCOPE':
        records.push({ on, item, before: ent.industryScope.replace(/；[^；]*。$/, '。'), after: ent.industryScope });
        break;
    }
  }
  return { records, originalName };
}

/** Generates enterprise number `index` (0-based) of the district. */
export function generateEnterprise(ctx: GenerateContext, index: number, buildingId: string | null, entityClass: EntityClass): Enterprise {
  const rng = rngFor(ctx.seed, 'enterprise', String(index));
  const established = establishedOn(rng, ctx.asOf);
  const since2015 = established >= '2015-10-01';
  const classDigit = entityClass === 'ENTERPRISE' ? '1' : entityClass === 'INDIVIDUAL_BUSINESS' ? '2' : '3';
  const uscc = buildUscc('9', classDigit, '370212', orgBody(index, since2015));
  const [industry] = [rng.weighted(INDUSTRIES)];
  const building = buildingId ? ctx.buildingById.get(buildingId)! : null;
  const room = `${rng.int(1, building?.floors ?? 20)}${String(rng.int(1, 30)).padStart(2, '0')}室`;
  const address = building ? `${building.address}${building.name}${room}` : `山东省青岛市崂山区${rng.pick(STREETS)}${rng.pick(ROADS)}${rng.int(1, 399)}号`;
  const rep = person(rng);

  let typeCode: string | null = null;
  let name: string;
  let capital: number;
  let employees: number;
  if (entityClass === 'INDIVIDUAL_BUSINESS') {
    const shop = rng.pick(SHOP_KINDS);
    name = uniqueName(ctx, rng, (t) => `崂山区${t}${shop}`);
    capital = rng.int(1, 50);
    employees = rng.weighted([[0, 50], [1, 25], [2, 15], [3, 6], [5, 4]] as const);
  } else if (entityClass === 'COOPERATIVE') {
    typeCode = '9100';
    name = uniqueName(ctx, rng, (t) => `青岛崂山${t}茶叶专业合作社`);
    capital = rng.int(10, 300);
    employees = rng.int(0, 12);
  } else {
    typeCode = rng.weighted(COMPANY_TYPES);
    const form = COMPANY_FORMS[typeCode] ?? '有限公司';
    const word = rng.pick(industry.words);
    name = uniqueName(ctx, rng, (t) => `青岛${t}${word}${form}`);
    capital = typeCode.startsWith('12') ? rng.int(1000, 50_000) : Math.round(Math.exp(rng.next() * 7 + 2)); // ~7 to ~8,000 万元
    employees = Math.round(Math.exp(rng.next() * rng.next() * 7.5)); // heavy tail: median ~5, a few ~1,800
  }
  const st = status(rng, established, ctx.asOf);
  const insured = employees > 0 && rng.chance(entityClass === 'INDIVIDUAL_BUSINESS' ? 0.5 : 0.95);
  const tr = trouble(rng, st.status, established, ctx.asOf, insured);
  const prop = entityClass === 'ENTERPRISE' ? property(rng, { ...st, establishedOn: established, capital, trouble: tr }, ctx.asOf) : { units: 0, mortgaged: false, seized: false };
  const ch = entityClass === 'ENTERPRISE'
    ? changes(rng, { name, address, establishedOn: established, statusOn: st.statusOn, capital, industryScope: industry.scope }, () => person(rng).name, rep.name, ctx.asOf,
      () => uniqueName(ctx, rng, (t) => name.replace(/^青岛../, `青岛${t}`)))
    : { records: [], originalName: name };
  const termYears = rng.weighted([[null, 70], [20, 15], [30, 10], [10, 5]] as const);
  return {
    uscc, name, entityClass, typeCode, buildingId, address, legalRepresentative: rep,
    registeredCapitalWan: capital, currency: typeCode === '5100' ? 'USD' : typeCode === '6100' ? 'HKD' : 'CNY',
    establishedOn: established, termTo: termYears ? addDays(established, termYears * 365 - 1) : null,
    businessScope: entityClass === 'INDIVIDUAL_BUSINESS' ? '一般项目：日用百货销售；食品销售（仅销售预包装食品）。' : industry.scope,
    industry: { code: industry.code, label: industry.label },
    status: st.status, statusOn: st.statusOn, parentUscc: null, employees, changes: ch.records, trouble: tr, property: prop,
    vatKind: entityClass === 'ENTERPRISE' && (capital >= 500 || employees >= 50) && rng.chance(0.8) ? 'GENERAL' : 'SMALL_SCALE',
    insured,
  };
}

/** Turns a generated company into a branch (分公司) of `parent`, consistent with the parent's life. */
export function makeBranch(branch: Enterprise, parent: Enterprise, rng: Rng, asOf: string, usccFor: (since2015: boolean) => string): Enterprise {
  const from = toDays(parent.establishedOn) + 180;
  const parentEnd = toDays(parent.statusOn ?? asOf) - 60;
  if (parentEnd <= from) return branch;
  const establishedOn = fromDays(rng.int(from, parentEnd));
  const parentClosed = parent.status !== 'EXISTING' && parent.status !== 'LIQUIDATING';
  let status = branch.status;
  let statusOn = branch.statusOn;
  if (parentClosed || (statusOn && statusOn <= establishedOn)) {
    // A parent cannot close with open branches: the branch was closed first.
    status = parentClosed ? 'DEREGISTERED' : 'EXISTING';
    statusOn = parentClosed ? fromDays(rng.int(toDays(establishedOn) + 30, Math.max(toDays(establishedOn) + 30, parentEnd))) : null;
  }
  const typeCode = '2' + (parent.typeCode ?? '1130').slice(1);
  let trouble = status === 'EXISTING' ? branch.trouble : { taxArrears: false, taxAbnormal: false, insuranceArrears: false };
  const listed = trouble.abnormalList;
  if (listed && (listed.listedOn <= addDays(establishedOn, 400) || (listed.removedOn && listed.removedOn <= listed.listedOn))) {
    const { abnormalList: _dropped, ...others } = trouble;
    trouble = others;
  }
  return {
    ...branch, uscc: usccFor(establishedOn >= '2015-10-01'), typeCode, parentUscc: parent.uscc, establishedOn, status, statusOn, registeredCapitalWan: 0, trouble,
    name: `${parent.name}${branch.name.slice(2, 4)}分公司`, changes: branch.changes.filter((c) => c.item !== 'NAME' && c.on > establishedOn && (!statusOn || c.on < statusOn)),
    industry: parent.industry, businessScope: parent.businessScope,
    property: { units: 0, mortgaged: false, seized: false },
  };
}
