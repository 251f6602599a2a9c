import type { Dataset, Enterprise } from '@district/dataset';
import { rngFor } from '@district/dataset';
import { toDays } from '@district/dataset/dates';
import { deriveCore, memoPerUscc, yuan } from './core.ts';
import { economics } from './activity.ts';
import { NEW_TAXPAYER_QUOTA_YUAN, QUOTA_STATUS, type QuotaStatusCode } from './codes.ts';

/**
 * 发票额度: 数电发票 need no 领用; instead the taxpayer gets a monthly 授信总额度 (credit line for
 * invoicing) of which the invoices issued so far this month use part.
 */
export interface InvoiceQuota {
  /** 授信月份 yyyyMM. */
  sxyf: string;
  /** 授信总额度, 已使用额度, 剩余可用额度 (yuan). */
  sxzed: string;
  ysyed: string;
  syed: string;
  /** 额度状态: a 非正常户's line is frozen (冻结), nothing can be issued. */
  edztDm: QuotaStatusCode;
  edztMc: string;
  /** Invoices issued (开具) and received (取得) this month. */
  kjfpfs: number;
  qdfpfs: number;
}

export function quotaRecord(month: string, totalFen: number, usedFen: number, status: QuotaStatusCode, issued: number, received: number): InvoiceQuota {
  return {
    sxyf: month, sxzed: yuan(totalFen), ysyed: yuan(usedFen), syed: yuan(status === '2' ? 0 : totalFen - usedFen),
    edztDm: status, edztMc: QUOTA_STATUS[status], kjfpfs: issued, qdfpfs: received,
  };
}

const TEN_THOUSAND_FEN = 10_000 * 100;

/** The current month's line: 1.5 × monthly sales rounded up to 10,000 yuan, at least the initial grant. None once closed. */
export const deriveQuota = memoPerUscc((e: Enterprise, ds: Dataset): InvoiceQuota | null => {
  const core = deriveCore(e, ds);
  if (!core.registered || core.clearance) return null;
  const rng = rngFor(ds.seed, e.uscc, 'tax', 'quota');
  const monthlyFen = e.status === 'REVOKED_NOT_DEREGISTERED' ? 0 : economics(e, ds).annualFen / 12;
  const floorFen = NEW_TAXPAYER_QUOTA_YUAN[e.vatKind === 'GENERAL' ? '1' : '2'] * 100;
  const totalFen = Math.max(floorFen, Math.ceil((monthlyFen * 1.5) / TEN_THOUSAND_FEN) * TEN_THOUSAND_FEN);
  const monthStart = ds.asOf.slice(0, 8) + '01';
  const elapsed = (toDays(ds.asOf) - toDays(monthStart) + 1) / 30;
  const frozen = core.status === '05';
  const usedFen = frozen ? 0 : Math.min(totalFen, Math.round(monthlyFen * elapsed * (0.8 + rng.next() * 0.4)));
  const averageInvoiceFen = (2_000 + rng.next() * 48_000) * 100;
  const issued = Math.round(usedFen / averageInvoiceFen);
  const received = frozen ? 0 : Math.round(issued * (0.5 + rng.next()));
  return quotaRecord(ds.asOf.slice(0, 7).replace('-', ''), totalFen, usedFen, frozen ? '2' : '1', issued, received);
});
