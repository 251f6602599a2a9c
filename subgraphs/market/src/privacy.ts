import { forbidden, maskIdNumber, maskPersonName, type Caller } from '@district/domain';
import { mayRead, mayUnmask } from '@district/subgraph-kit';
import type { ChangeItem } from './domain.ts';

/**
 * Every masking decision of this subgraph, in one place. Personal data is masked (common display
 * practice, domain.md §5.1) unless the policy (packages/subgraph-kit/src/policy.ts) grants this caller unmasked
 * access to MARKET data: a market officer on a DEPARTMENT_CASE, an enterprise about itself.
 * Enterprise names and addresses are not personal data.
 */
const raw = (caller: Caller | undefined) => mayUnmask(caller, 'MARKET');

/** 法定代表人 / 负责人 / 经营者 name: 张*. */
export const representativeName = (value: string, caller?: Caller): string => (raw(caller) ? value : maskPersonName(value));

/** 证件号码: 370***********123X. */
export const representativeIdNumber = (value: string, caller?: Caller): string => (raw(caller) ? value : maskIdNumber(value));

/**
 * A 变更记录 value. Legal-representative changes hold person names: PERSONAL, so refused to a
 * caller without that grant (building staff), masked unless unmasking is granted. An item we do
 * not know (OTHER) might hold anything, e.g. 投资人 names, so it is withheld rather than guessed at;
 * its label still says what changed.
 */
export function changeValue(item: ChangeItem, value: string | null, caller?: Caller): string | null {
  if (value === null) return null;
  if (item === 'LEGAL_REPRESENTATIVE') {
    if (!caller || !mayRead(caller, 'PERSONAL', 'MARKET')) {
      throw forbidden('Not authorized to read RegistrationChange.before/after of a legal-representative change (PERSONAL)', { field: 'RegistrationChange', sensitivity: 'PERSONAL' });
    }
    return raw(caller) ? value : maskPersonName(value);
  }
  if (item === 'OTHER') return null;
  return value;
}
