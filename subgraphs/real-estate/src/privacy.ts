import { maskIdNumber, maskPersonName } from '@district/common';
import type { PropertyRight } from './domain.ts';

/**
 * The one place that decides what personal data of the register leaves this subgraph. Today
 * everything personal is masked; a later issue unmasks here by role and purpose.
 *
 * What is personal here: a holder who is a natural person (证件号 not a USCC): their name and ID
 * number. Enterprises' names and USCCs, banks (抵押权人) and courts (查封机关) are not personal data.
 */

const isOrganisation = (right: Pick<PropertyRight, 'holderUscc'>): boolean => right.holderUscc !== null;

/** 权利人名称 as registered: as it is for an organisation, 张* for a person. */
export function holderNameFor(right: Pick<PropertyRight, 'holderName' | 'holderUscc'>): string {
  return isOrganisation(right) ? right.holderName : maskPersonName(right.holderName);
}

/** 证件号: the USCC of an organisation, a person's ID number masked (370***********123X). */
export function holderIdNumberFor(right: Pick<PropertyRight, 'holderIdNumber' | 'holderUscc'>): string {
  return isOrganisation(right) ? right.holderIdNumber : maskIdNumber(right.holderIdNumber);
}
