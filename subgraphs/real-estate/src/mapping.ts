import { checkUscc, moneyFromWanString } from '@district/domain';
import { CO_OWNERSHIP, MORTGAGE_METHOD, registrationTypeOf, rightTypeOf, SEIZURE_KIND, TITLE_STATUS } from './codes.ts';
import type { Holdings, Mortgage, PropertyRight, PropertyUnit, Seizure, Term } from './domain.ts';
import type { HolderWire, MortgageWire, RightWire, SeizureWire, UnitWire } from './wire.ts';

/** Validated wire records → domain records: codes to enums, moments to dates, 万元 to Money, text to m². */

/** The China date of a registration moment (yyyy-MM-dd HH:mm:ss, already China time). */
const dateOf = (moment: string): string => moment.slice(0, 10);
const dateOfOptional = (moment: string | undefined): string | null => (moment ? dateOf(moment) : null);
const area = (text: string | null): number | null => (text === null ? null : Number(text));
const term = (from: string | null, to: string | null): Term | null => (from || to ? { from, to } : null);

export function toMortgage(m: MortgageWire): Mortgage {
  const method = MORTGAGE_METHOD[m.DYFS];
  // wire.ts guarantees the amount the method calls for; 最高额抵押 falls back to BDBZZQSE for lax vendors.
  const amountWan = (method === 'MAXIMUM' ? m.ZGZQSE ?? m.BDBZZQSE : m.BDBZZQSE)!;
  return {
    certificateNo: m.BDCDJZMH, unitNo: m.BDCDYH, method, securedAmount: moneyFromWanString(amountWan),
    debtTerm: { from: m.ZWLXQXQSSJ, to: m.ZWLXQXJSSJ }, mortgagee: m.DYQR,
    registeredOn: dateOf(m.DBSJ), status: TITLE_STATUS[m.QSZT], releasedOn: dateOfOptional(m.ZXSJ),
  };
}

export function toSeizure(s: SeizureWire): Seizure {
  return {
    unitNo: s.BDCDYH, authority: s.CFJG, documentNo: s.CFWH, kind: SEIZURE_KIND[s.CFLX], from: s.CFQSSJ, to: s.CFJSSJ,
    registeredOn: dateOf(s.DBSJ), status: TITLE_STATUS[s.QSZT], liftedOn: dateOfOptional(s.JFSJ),
  };
}

export function toRight(r: RightWire): PropertyRight {
  const rightType = rightTypeOf(r.QLLX, r.QLLXMC);
  return {
    certificateNo: r.BDCQZH, unitNo: r.BDCDYH, location: r.ZL,
    rightType: rightType.type, rightTypeCode: rightType.code, rightTypeLabel: rightType.label, rightNature: r.QLXZ,
    registrationType: registrationTypeOf(r.DJLX), registrationTypeLabel: r.DJLX,
    use: r.YT, landUse: r.TDYT, floorArea: area(r.JZMJ), exclusiveArea: area(r.TNJZMJ), sharedArea: area(r.FTJZMJ),
    registeredOn: dateOf(r.DBSJ), status: TITLE_STATUS[r.QSZT],
    endedOn: dateOfOptional(r.ZXSJ), endedBy: r.ZXYY ? registrationTypeOf(r.ZXYY) : null,
    holderName: r.QLRMC, holderIdNumber: r.ZJH,
    // Judged by the number itself: the 证件种类 code for USCC (8) is a vendor dictionary value, unverified.
    holderUscc: checkUscc(r.ZJH).valid ? r.ZJH : null,
    sharing: CO_OWNERSHIP[r.GYFS], term: term(r.SYQQSSJ, r.SYQJSSJ),
  };
}

/**
 * Mortgages and seizures arrive nested under the latest right record of their unit; they are
 * facts about the unit, so they are lifted out (once each, should a vendor repeat them).
 */
function encumbrances(records: RightWire[]): { mortgages: Mortgage[]; seizures: Seizure[] } {
  const mortgages = new Map<string, Mortgage>();
  const seizures = new Map<string, Seizure>();
  for (const r of records) {
    for (const m of r.DYAQLIST) mortgages.set(m.BDCDJZMH, toMortgage(m));
    for (const s of r.CFLIST) seizures.set(`${s.BDCDYH}|${s.CFWH}|${s.CFLX}|${s.DBSJ}`, toSeizure(s));
  }
  return { mortgages: [...mortgages.values()], seizures: [...seizures.values()] };
}

export function toHoldings(h: HolderWire): Holdings {
  return { uscc: h.ZJH, registeredName: h.QLRMC || null, rights: h.QLLIST.map(toRight), ...encumbrances(h.QLLIST) };
}

export function toUnit(u: UnitWire): PropertyUnit {
  return {
    unitNo: u.BDCDYH, location: u.ZL,
    parcel: { code: u.ZDDM, area: area(u.ZDMJ), landUse: u.TDYT, term: term(u.SYQQSSJ, u.SYQJSSJ) },
    building: u.ZRZH === null ? null : {
      buildingNo: u.ZRZH, roomNo: u.HH, floor: u.SZC, totalFloors: u.ZCS, use: u.GHYT, structure: u.FWJG, completedYear: u.JGSJ,
    },
    floorArea: area(u.JZMJ), exclusiveArea: area(u.TNJZMJ), sharedArea: area(u.FTJZMJ),
    rights: u.QLLIST.map(toRight), ...encumbrances(u.QLLIST),
  };
}
