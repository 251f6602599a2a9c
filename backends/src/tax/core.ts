import type { Dataset, Enterprise } from '@district/dataset';
import { rngFor, hash32 } from '@district/dataset';
import { addDays, fromDays, toDays, maxDate } from '@district/dataset/dates';
import { personName } from '@district/dataset/people';
import { STREETS } from '@district/dataset/vocabulary';
import { DEFAULT_STREET, TAX_OFFICES, type TaxpayerStatusCode } from './codes.ts';

/**
 * The tax bureau's own facts about one enterprise, derived once from the core facts
 * (../dataset/types.ts) with rngFor(seed, uscc, 'tax'): pure, so every process and every test
 * sees the same taxpayer. Wire records (records.ts, credit.ts, activity.ts) are built on top.
 */
export interface TaxCore {
  /** False until 新办纳税人信息确认 (new-taxpayer confirmation) is done: the bureau does not know it yet. */
  registered: boolean;
  /** 登记日期, ISO: 1–20 days after 成立日期. */
  registeredOn: string;
  /** 登记序号: the bureau's opaque internal key. */
  djxh: string;
  status: TaxpayerStatusCode;
  /** 非正常户认定日期 when the status is 05. */
  abnormalOn: string | null;
  /** 清税 (tax clearance) of a closed enterprise, always before the market's statusOn. */
  clearance: { on: string; simple: boolean; serial: number } | null;
  /** 主管税务科所 by the 街道 of the business address. */
  office: { dm: string; mc: string };
  /** 财务负责人 and 办税人: small firms leave both to the legal representative. */
  financeOfficer: string;
  taxAgent: string;
}

/** Enterprises whose market status means they no longer exist at the tax bureau either. */
export const isClosed = (e: Enterprise): boolean =>
  e.status === 'DEREGISTERED' || e.status === 'REVOKED_DEREGISTERED' || e.status === 'MOVED_OUT' || e.status === 'ANNULLED';

/**
 * Memoizes a pure per-enterprise derivation per dataset, so repeated reads cost a map lookup.
 * With `limit`, the oldest entries are forgotten beyond it: bulky records (declarations…) of all
 * 23,400 enterprises would otherwise stay in memory after one sweep of the district.
 */
export function memoPerUscc<T>(derive: (e: Enterprise, ds: Dataset) => T, limit = Infinity): (e: Enterprise, ds: Dataset) => T {
  const cache = new WeakMap<Dataset, Map<string, T>>();
  return (e, ds) => {
    let byUscc = cache.get(ds);
    if (!byUscc) cache.set(ds, (byUscc = new Map()));
    if (byUscc.has(e.uscc)) return byUscc.get(e.uscc) as T;
    const value = derive(e, ds);
    if (byUscc.size >= limit) byUscc.delete(byUscc.keys().next().value!);
    byUscc.set(e.uscc, value);
    return value;
  };
}

/** 主管税务科所 for an address: the building's 街道, else a 街道 named in the address, else the default. */
export function officeFor(address: string, street?: string): { dm: string; mc: string } {
  const found = street ?? STREETS.find((s) => address.includes(s)) ?? DEFAULT_STREET;
  return TAX_OFFICES[found] ?? TAX_OFFICES[DEFAULT_STREET];
}

export const deriveCore = memoPerUscc((e: Enterprise, ds: Dataset): TaxCore => {
  // Draw everything in a fixed order, whatever branch is taken, so one fact never shifts another.
  const rng = rngFor(ds.seed, e.uscc, 'tax');
  const registeredOn = addDays(e.establishedOn, rng.int(1, 20));
  const djxh = '10113702' + String(hash32(e.uscc)).padStart(10, '0') + String(rng.int(0, 99)).padStart(2, '0');
  const simpleChance = rng.next();
  const clearanceLead = rng.int(2, 40);
  const abnormalPick = rng.next();
  const serial = rng.int(1, 7999);
  const finance = personName(rng);
  const agent = personName(rng);

  // The 开办 sample has not confirmed yet; otherwise only a registration date after asOf means "not yet".
  const registered = registeredOn <= ds.asOf && e.sample !== 'newlyOpened';
  let status: TaxpayerStatusCode;
  let clearance: TaxCore['clearance'] = null;
  if (isClosed(e)) {
    // 简易注销无异议 only suits small, quiet firms deregistered of their own accord.
    const simple = e.status === 'DEREGISTERED' && e.vatKind === 'SMALL_SCALE' && e.employees <= 5 && simpleChance < 0.4;
    status = simple ? '13' : '07';
    const on = maxDate(addDays(e.statusOn!, -clearanceLead), addDays(registeredOn, 1));
    clearance = { on, simple, serial };
  } else if (e.status === 'LIQUIDATING') {
    status = '06';
  } else {
    status = e.trouble.taxAbnormal ? '05' : '03';
  }

  let abnormalOn: string | null = null;
  if (status === '05') {
    const hi = toDays(ds.asOf) - 30;
    const lo = Math.min(hi, Math.max(toDays(registeredOn) + 180, toDays('2021-01-01')));
    abnormalOn = fromDays(Math.min(toDays(ds.asOf), Math.max(toDays(registeredOn) + 1, Math.floor(lo + abnormalPick * (hi - lo + 1)))));
  }

  const street = e.buildingId ? ds.buildingById.get(e.buildingId)?.street : undefined;
  const small = e.employees <= 3;
  return {
    registered, registeredOn, djxh, status, abnormalOn, clearance,
    office: officeFor(e.address, street),
    financeOfficer: small ? e.legalRepresentative.name : finance,
    taxAgent: small ? e.legalRepresentative.name : agent,
  };
});

/** Money on the wire: yuan with exactly two decimals, from integer fen (never a float sum). */
export const yuan = (fen: number): string => {
  const f = Math.round(fen);
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** The last 评定年度 whose ratings are published (each April) by asOf. */
export const lastRatedYear = (asOf: string): number => Number(asOf.slice(0, 4)) - (asOf.slice(5) >= '04-20' ? 1 : 2);
