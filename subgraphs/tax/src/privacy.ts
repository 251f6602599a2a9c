import { mayUnmask } from '@district/subgraph-kit';
import { maskIdNumber, maskPersonName, type Caller } from '@district/domain';

/**
 * The one place that decides how personal data in tax records is shown: 法定代表人 name and
 * 证件号码, 财务负责人 and 办税人. Masked unless the policy (packages/subgraph-kit/src/policy.ts) grants this caller
 * unmasked access to TAX data (a tax officer on a DEPARTMENT_CASE, an enterprise about itself).
 * Whether the field may be read at all is declared in the schema (@sensitivity). Enterprise names,
 * addresses and amounts are not personal data and pass through.
 */
export const showPersonName = (name: string | null, caller?: Caller): string | null =>
  (name ? (mayUnmask(caller, 'TAX') ? name : maskPersonName(name)) : null);

export const showIdNumber = (idNumber: string | null, caller?: Caller): string | null =>
  (idNumber ? (mayUnmask(caller, 'TAX') ? idNumber : maskIdNumber(idNumber)) : null);
