import { hash32 } from '@district/dataset';
import { GYFS_SOLE, QLLX, ZJZL_USCC } from './codes.ts';
import type { Holdings, Mortgage, PropertyRight, RealEstateUnit, Seizure } from './model.ts';

/**
 * The model in the registry's element names (不动产登记数据库标准 pinyin abbreviations).
 * Mortgages and seizures are nested under the latest right record of their unit, so a holder's
 * whole position arrives in one <QLR> entry.
 */

type Xml = Record<string, unknown>;

/** A deterministic office-hours time for a 登簿 moment the dataset knows only by date. */
export function registrationTime(key: string): string {
  const minutes = 9 * 60 + (hash32(key) % (8 * 60));
  const seconds = hash32(`${key}#`) % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}:${two(seconds)}`;
}

/** 登簿时间-like moments are written with a time of day; terms (期限) are plain dates. */
const moment = (date: string, key: string, time?: string): string => `${date} ${time ?? registrationTime(key)}`;

/** An empty list is written as an empty element, never omitted, so adapters need not guess. */
const list = (element: string, items: Xml[]): Xml | string => (items.length ? { [element]: items } : '');

export function mortgageXml(m: Mortgage): Xml {
  return {
    BDCDJZMH: m.proofNo, BDCDYH: m.unitNo, QLLX: QLLX.MORTGAGE.code, QLLXMC: QLLX.MORTGAGE.name, DYFS: m.kind,
    ...(m.kind === '最高额抵押' ? { ZGZQSE: m.amountWan } : { BDBZZQSE: m.amountWan }),
    ZWLXQXQSSJ: m.debtFrom, ZWLXQXJSSJ: m.debtTo, DYQR: m.mortgagee, DYR: m.mortgagor,
    DBSJ: moment(m.registeredOn, m.proofNo), QSZT: m.state,
    ...(m.cancelledOn ? { ZXSJ: moment(m.cancelledOn, `${m.proofNo}/zx`) } : {}),
  };
}

export function seizureXml(s: Seizure): Xml {
  return {
    BDCDYH: s.unitNo, CFJG: s.authority, CFWH: s.docketNo, CFLX: s.kind, CFQSSJ: s.from, CFJSSJ: s.to,
    DBSJ: moment(s.registeredOn, s.docketNo), QSZT: s.state,
    ...(s.releasedOn ? { JFSJ: moment(s.releasedOn, `${s.docketNo}/jf`) } : {}),
  };
}

function rightXml(r: PropertyRight, unit: RealEstateUnit | undefined, mortgages: Mortgage[], seizures: Seizure[]): Xml {
  return {
    BDCDYH: r.unitNo, ZL: unit?.location ?? '', BDCQZH: r.certificateNo,
    QLRMC: r.holderName, ZJZL: ZJZL_USCC.code, ZJZLMC: ZJZL_USCC.name, ZJH: r.holderId, GYFS: GYFS_SOLE,
    QLLX: QLLX.LAND_AND_BUILDING.code, QLLXMC: QLLX.LAND_AND_BUILDING.name, QLXZ: r.nature, DJLX: r.registrationType,
    DBSJ: moment(r.registeredOn, r.certificateNo, r.registeredTime), QSZT: r.state,
    ...(r.endedOn ? { ZXSJ: moment(r.endedOn, `${r.certificateNo}/zx`), ZXYY: r.endReason } : {}),
    YT: unit?.use ?? '', TDYT: unit?.landUse ?? '', JZMJ: unit?.floorArea ?? '', TNJZMJ: unit?.innerArea ?? '', FTJZMJ: unit?.sharedArea ?? '',
    SYQQSSJ: unit?.landTermFrom ?? '', SYQJSSJ: unit?.landTermTo ?? '',
    DYAQLIST: list('DYAQ', mortgages.map(mortgageXml)),
    CFLIST: list('CF', seizures.map(seizureXml)),
  };
}

/** Right records of `h` (optionally only those on one unit), each with its unit's encumbrances if it is the unit's latest record. */
export function rightsXml(h: Holdings, onlyUnit?: string): Xml[] {
  const latest = new Map<string, PropertyRight>();
  for (const r of h.rights) {
    const seen = latest.get(r.unitNo);
    if (!seen || r.registeredOn >= seen.registeredOn) latest.set(r.unitNo, r);
  }
  const units = new Map(h.units.map((u) => [u.unitNo, u]));
  return h.rights
    .filter((r) => !onlyUnit || r.unitNo === onlyUnit)
    .map((r) => {
      const isLatest = latest.get(r.unitNo) === r;
      return rightXml(
        r, units.get(r.unitNo),
        isLatest ? h.mortgages.filter((m) => m.unitNo === r.unitNo) : [],
        isLatest ? h.seizures.filter((s) => s.unitNo === r.unitNo) : [],
      );
    });
}

/** One <QLR> entry: a holder that holds nothing gets an empty entry (QLSL 0), never an omission. */
export function holderXml(zjh: string, h: Holdings | undefined): Xml {
  const rights = h ? rightsXml(h) : [];
  return { ZJH: zjh, QLRMC: h?.holderName ?? '', QLSL: String(rights.length), QLLIST: list('QL', rights) };
}

export function unitXml(u: RealEstateUnit, h: Holdings): Xml {
  return {
    BDCDYH: u.unitNo, ZDDM: u.parcelNo, ZL: u.location, ZDMJ: u.parcelArea, TDYT: u.landUse, SYQQSSJ: u.landTermFrom, SYQJSSJ: u.landTermTo,
    ZRZH: u.buildingNo, HH: u.roomNo, SZC: u.floor, ZCS: String(u.totalFloors), GHYT: u.use, FWJG: u.structure, JGSJ: String(u.completedYear),
    JZMJ: u.floorArea, TNJZMJ: u.innerArea, FTJZMJ: u.sharedArea,
    QLLIST: list('QL', rightsXml(h, u.unitNo)),
  };
}
