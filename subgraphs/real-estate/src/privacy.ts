import { forbidden, maskIdNumber, maskPersonName, type Caller } from '@district/domain';
import { mayRead, mayUnmask } from '@district/subgraph-kit';
import type { PropertyRight } from './domain.ts';

/**
 * The one place that decides what personal data of the register leaves this subgraph.
 *
 * What is personal here: a holder who is a natural person (证件号 not a USCC): their name and ID
 * number. Those are PERSONAL: refused (FORBIDDEN) to a caller without that class, masked unless the
 * policy (packages/subgraph-kit/src/policy.ts) grants unmasked access to REAL_ESTATE data. Enterprises' names and
 * USCCs, banks (抵押权人) and courts (查封机关) are not personal data.
 */

const isOrganisation = (right: Pick<PropertyRight, 'holderUscc'>): boolean => right.holderUscc !== null;

function assertPersonal(caller: Caller | undefined, field: string): void {
  if (!caller || !mayRead(caller, 'PERSONAL', 'REAL_ESTATE')) {
    throw forbidden(`Not authorized to read ${field} of a natural person (PERSONAL)`, { field, sensitivity: 'PERSONAL' });
  }
}

/** 权利人名称 for display in derived text (events): as it is for an organisation, always 张* for a person. */
export function holderNameFor(right: Pick<PropertyRight, 'holderName' | 'holderUscc'>): string {
  return isOrganisation(right) ? right.holderName : maskPersonName(right.holderName);
}

/** PropertyRight.holderName as this caller may see it. */
export function holderNameShown(right: Pick<PropertyRight, 'holderName' | 'holderUscc'>, caller: Caller | undefined): string {
  if (isOrganisation(right)) return right.holderName;
  assertPersonal(caller, 'PropertyRight.holderName');
  return mayUnmask(caller, 'REAL_ESTATE') ? right.holderName : maskPersonName(right.holderName);
}

/** 证件号: the USCC of an organisation, a person's ID number masked (370***********123X) unless granted. */
export function holderIdNumberShown(right: Pick<PropertyRight, 'holderIdNumber' | 'holderUscc'>, caller: Caller | undefined): string {
  if (isOrganisation(right)) return right.holderIdNumber;
  assertPersonal(caller, 'PropertyRight.holderIdNumber');
  return mayUnmask(caller, 'REAL_ESTATE') ? right.holderIdNumber : maskIdNumber(right.holderIdNumber);
}
