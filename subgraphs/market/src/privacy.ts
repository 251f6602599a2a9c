import { maskIdNumber, maskPersonName } from '@district/common';
import type { ChangeItem } from './model.ts';

/**
 * Every masking decision of this subgraph, in one place. Today everything personal is masked for
 * everyone (common display practice, domain.md §5.1); a later issue decides here, by the caller's
 * role and purpose, who may see a raw value. Enterprise names and addresses are not personal data.
 */

/** 法定代表人 / 负责人 / 经营者 name: 张*. */
export const representativeName = (raw: string): string => maskPersonName(raw);

/** 证件号码: 370***********123X. */
export const representativeIdNumber = (raw: string): string => maskIdNumber(raw);

/**
 * A 变更记录 value. Legal-representative changes hold person names, masked like any name. An item
 * we do not know (OTHER) might hold anything, e.g. 投资人 names, so it is withheld rather than
 * guessed at; its label still says what changed.
 */
export function changeValue(item: ChangeItem, raw: string | null): string | null {
  if (raw === null) return null;
  if (item === 'LEGAL_REPRESENTATIVE') return maskPersonName(raw);
  if (item === 'OTHER') return null;
  return raw;
}
