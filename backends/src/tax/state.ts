import type { Dataset } from '@district/dataset';
import { IdempotencyStore } from '../sim/idempotency.ts';
import { NO_ACTIVITY, deriveActivity, type Activity } from './activity.ts';
import { deriveCredit, type CreditRating } from './credit.ts';
import { deriveQuota, type InvoiceQuota } from './quota.ts';
import { deriveTaxpayer, type ClearanceCertificate, type TaxRegistrationRecord } from './records.ts';
import { TAXPAYER_STATUS } from './codes.ts';
import type { ServiceResult } from './envelope.ts';


/**
 * The in-memory overlay of writes over the derived dataset: taxpayers confirmed here
 * (新办纳税人信息确认) and clearances granted here (清税). Reads consult it first; `reset` forgets it.
 */
export class TaxState {
  readonly confirmed = new Map<string, { record: TaxRegistrationRecord; quota: InvoiceQuota }>();
  readonly cleared = new Map<string, { status: '07' | '13'; certificate: ClearanceCertificate }>();
  /** What each write answered, per channel and 交易流水号, so a repeat gets the same answer. */
  readonly idempotency = new IdempotencyStore<ServiceResult>();
  private djxhSeq = 0;
  private noticeSeq = 0;

  /** 登记序号 for a new taxpayer: prefix 102… where derived ones use 101…, so they never collide. */
  nextDjxh(): string {
    return '10213702' + String(++this.djxhSeq).padStart(12, '0');
  }

  /** 税务事项通知书 serials from 8001 up; derived certificates use 1–7999. */
  nextNoticeSerial(): number {
    return 8000 + ++this.noticeSeq;
  }

  reset(): void {
    this.confirmed.clear();
    this.cleared.clear();
    this.idempotency.clear();
    this.djxhSeq = 0;
    this.noticeSeq = 0;
  }
}

/** Everything the bureau can say about one taxpayer; the heavier parts are computed on demand. */
export interface TaxpayerView {
  registration: TaxRegistrationRecord;
  credit(): CreditRating[];
  activity(): Activity;
  quota(): InvoiceQuota | null;
}

/** The taxpayer as reads see it: the overlay's writes over the derived record; null if unknown here. */
export function lookupTaxpayer(ds: Dataset, state: TaxState, nsrsbh: string): TaxpayerView | null {
  let view: TaxpayerView | null = null;
  const confirmed = state.confirmed.get(nsrsbh);
  const enterprise = ds.byUscc.get(nsrsbh);
  if (confirmed) {
    view = { registration: confirmed.record, credit: () => [], activity: () => NO_ACTIVITY, quota: () => confirmed.quota };
  } else if (enterprise) {
    const record = deriveTaxpayer(enterprise, ds);
    if (record) {
      view = {
        registration: record,
        credit: () => deriveCredit(enterprise, ds),
        activity: () => deriveActivity(enterprise, ds),
        quota: () => deriveQuota(enterprise, ds),
      };
    }
  }
  const cleared = state.cleared.get(nsrsbh);
  if (!view || !cleared) return view;
  return {
    ...view,
    registration: {
      ...view.registration, nsrztDm: cleared.status, nsrztMc: TAXPAYER_STATUS[cleared.status],
      zxrq: cleared.certificate.kjrq, qszm: cleared.certificate,
    },
    quota: () => null,
  };
}
