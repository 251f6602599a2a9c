import type { z } from 'zod';
import { CLEARANCE_PATH, QUOTA_STATUS, RATING_SOURCE, TAXPAYER_KIND, taxItem, taxpayerStatus, type QueryKind } from './codes.ts';
import type { Arrears, CreditRating, Filings, InvoiceQuota, Payment, TaxPeriod, TaxRegistration, TaxpayerBlocks } from './domain.ts';
import type * as wire from './wire.ts';

/** Wire records (already validated by wire.ts) → domain records. Pure. */

type Wire<S extends z.ZodType> = z.output<S>;

const period = (r: { zsxmDm: string; zsxmMc: string; sssqq: string; sssqz: string }): TaxPeriod => ({
  taxItem: taxItem(r.zsxmDm), taxItemCode: r.zsxmDm, taxItemLabel: r.zsxmMc, periodFrom: r.sssqq, periodTo: r.sssqz,
});

export function registration(r: Wire<typeof wire.Registration>): TaxRegistration {
  return {
    formerName: r.cym,
    status: taxpayerStatus(r.nsrztDm), statusCode: r.nsrztDm, statusLabel: r.nsrztMc,
    registeredOn: r.djrq,
    taxpayerKind: TAXPAYER_KIND[r.nsrlxDm], taxpayerKindLabel: r.nsrlxMc,
    taxAuthority: { code: r.zgswjgDm, name: r.zgswjgMc },
    taxOffice: r.zgswskfjDm && r.zgswskfjMc ? { code: r.zgswskfjDm, name: r.zgswskfjMc } : null,
    industry: r.hyDm && r.hyMc ? { code: r.hyDm, name: r.hyMc } : null,
    registeredAddress: r.zcdz, businessAddress: r.scjydz,
    legalRepresentative: r.fddbrxm || r.fddbrsfzjhm ? { name: r.fddbrxm, idType: r.fddbrsfzjlxDm, idNumber: r.fddbrsfzjhm } : null,
    financeOfficer: r.cwfzrxm, taxAgent: r.bsrxm,
    headOfficeTaxpayerId: r.zjgnsrsbh,
    abnormalSince: r.fzcrdrq,
    deregisteredOn: r.zxrq,
    clearance: r.qszm && {
      certificateNo: r.qszm.wsh, title: r.qszm.wsmc, issuedOn: r.qszm.kjrq, path: CLEARANCE_PATH[r.qszm.qsfsDm], pathLabel: r.qszm.qsfsMc,
    },
  };
}

/** Ratings oldest first, whatever order the bus sent them in. */
export function ratings(list: Wire<typeof wire.Rating>[]): CreditRating[] {
  return list
    .map((r) => ({
      year: Number(r.pdnd), grade: r.xydj, score: r.pf, source: RATING_SOURCE[r.pjlyDm], sourceLabel: r.pjlyMc, method: r.pjbfMc, publishedOn: r.fbrq,
    }))
    .sort((a, b) => a.year - b.year);
}

export function filings(b: Wire<(typeof wire.KIND_BLOCKS)['SBXX']>): Filings {
  return {
    declarations: b.sbxxList.map((d) => ({
      ...period(d), declarationNo: d.pzxh, dueOn: d.sbqx, declaredOn: d.sbrq,
      taxBase: d.jsyj, taxPayable: d.ynse, relief: d.jmse, amountDue: d.ybtse,
    })),
    overdue: b.yqwsbList.map((o) => ({ ...period(o), dueOn: o.sbqx })),
  };
}

export const payments = (list: Wire<typeof wire.Payment>[]): Payment[] =>
  list.map((p) => ({ ...period(p), ticketNo: p.dzsphm, declarationNo: p.pzxh, amount: p.sjje, paidOn: p.jkrq }));

export function arrears(b: Wire<(typeof wire.KIND_BLOCKS)['QSXX']>): Arrears {
  return {
    items: b.qsxxList.map((a) => ({ ...period(a), dueOn: a.jkqx, amount: a.qsje, lateFee: a.znj, lateFeeDays: a.znjts, lateFeeAsOf: a.znjjsrq })),
    tax: b.qshj.qsje, lateFee: b.qshj.znj, total: b.qshj.hj,
  };
}

export function quota(q: Wire<typeof wire.Quota> | null): InvoiceQuota | null {
  if (!q) return null;
  return {
    month: `${q.sxyf.slice(0, 4)}-${q.sxyf.slice(4)}`, total: q.sxzed, used: q.ysyed, remaining: q.syed,
    status: QUOTA_STATUS[q.edztDm], statusLabel: q.edztMc, invoicesIssued: q.kjfpfs, invoicesReceived: q.qdfpfs,
  };
}

/** Each kind's validated block → its domain value. */
export const MAP_BLOCK: { [K in QueryKind]: (b: wire.KindBlocks[K]) => TaxpayerBlocks[K] } = {
  DJXX: (b) => registration(b.djxx),
  XYDJ: (b) => ratings(b.xydjList),
  SBXX: filings,
  JKXX: (b) => payments(b.jkxxList),
  QSXX: arrears,
  FPED: (b) => quota(b.fped),
};
