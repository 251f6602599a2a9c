/**
 * Masking of personal data (脱敏), common display practice: shown by default,
 * unmasked only where role and purpose grant it.
 */

/** ID number: first 3 + last 4, e.g. 370***********123X. */
export const maskIdNumber = (id: string): string =>
  id.length <= 7 ? '*'.repeat(id.length) : id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);

/** Mobile: 138****1234. */
export const maskPhone = (phone: string): string =>
  phone.length < 7 ? '*'.repeat(phone.length) : phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);

/** Individual's name: 张* (keeps the surname's first character). */
export const maskPersonName = (name: string): string => (name.length <= 1 ? name : name[0] + '*'.repeat(name.length - 1));

/** Bank account: last 4 digits only. */
export const maskBankAccount = (account: string): string => '*'.repeat(Math.max(0, account.length - 4)) + account.slice(-4);
