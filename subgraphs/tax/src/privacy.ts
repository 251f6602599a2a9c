import { maskIdNumber, maskPersonName } from '@district/common';

/**
 * The one place that decides how personal data in tax records is shown: 法定代表人 name and
 * 证件号码, 财务负责人 and 办税人. Masked for everyone today; the issue that unmasks by role and
 * purpose changes only this module (it will take the request context). Enterprise names,
 * addresses and amounts are not personal data and pass through.
 */
export const showPersonName = (name: string | null): string | null => (name ? maskPersonName(name) : null);

export const showIdNumber = (idNumber: string | null): string | null => (idNumber ? maskIdNumber(idNumber) : null);
