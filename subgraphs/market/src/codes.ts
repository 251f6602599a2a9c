import type { AbnormalListReason, ChangeItem, Currency, RegistrationStatus } from './domain.ts';

/** The registry's code tables and texts (backends/docs/market.md, domain.md §2.1), in one place. */

/**
 * 登记状态 in GSXT wording. Reading accepts the provincial variants of 存续 (在业, 在营, 开业) and
 * half-width punctuation; searching sends the canonical text.
 */
export const STATUS_TEXT: Record<RegistrationStatus, string> = {
  EXISTING: '存续（在营、开业、在册）',
  REVOKED_NOT_DEREGISTERED: '吊销，未注销',
  REVOKED_DEREGISTERED: '吊销，已注销',
  DEREGISTERED: '注销',
  ANNULLED: '撤销',
  MOVED_OUT: '迁出',
  MOVED_IN: '迁入',
  LIQUIDATING: '清算',
};

/**
 * Statuses the registry's search cannot be asked for: it holds no 迁入 records (an enterprise that
 * moved in is 存续 here) and refuses the text, so such a search is answered empty without a call.
 */
export const UNSEARCHABLE_STATUSES: ReadonlySet<RegistrationStatus> = new Set(['MOVED_IN']);

export function statusFromText(text: string): RegistrationStatus | null {
  const t = text.replace(/\s/g, '').replaceAll(',', '，');
  if (/^(存续|在业|在营|开业)/.test(t)) return 'EXISTING';
  if (t.startsWith('吊销')) return t.includes('已注销') ? 'REVOKED_DEREGISTERED' : 'REVOKED_NOT_DEREGISTERED';
  const exact = (Object.entries(STATUS_TEXT) as [RegistrationStatus, string][]).find(([, v]) => v === t);
  return exact?.[0] ?? null;
}

/** 币种: GB/T 12406 numeric code → ISO 4217. */
export const CURRENCY_BY_CODE: Record<string, Currency> = { '156': 'CNY', '840': 'USD', '344': 'HKD' };

/** 变更事项: this registry's own two-digit codes. */
export const CHANGE_ITEM_BY_CODE: Record<string, ChangeItem> = {
  '01': 'NAME', '02': 'ADDRESS', '03': 'LEGAL_REPRESENTATIVE', '04': 'REGISTERED_CAPITAL', '05': 'BUSINESS_SCOPE',
};

/** 列入经营异常名录原因 codes. */
export const ABNORMAL_REASON_BY_CODE: Record<string, AbnormalListReason> = {
  '1': 'ANNUAL_REPORT_NOT_FILED', '2': 'INFO_NOT_DISCLOSED', '3': 'FALSE_INFORMATION', '4': 'UNREACHABLE_AT_ADDRESS',
};

/** 证件类型 10 = 中华人民共和国居民身份证. */
export const CER_TYPE_ID_CARD = '10';

/** 年报 state text of a filed report. */
export const ANNUAL_REPORT_FILED = '已公示';

/** The registry's search pages and batches are at most this long. */
export const MARKET_BATCH_LIMIT = 100;
export const MARKET_PAGE_LIMIT = 100;
