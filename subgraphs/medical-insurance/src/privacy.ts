import { mayUnmask } from '@district/subgraph-kit';
import { maskBankAccount, maskIdNumber, maskPersonName, maskPhone, type Caller } from '@district/domain';
import type { RawBankAccount, RawPerson } from './domain.ts';

/**
 * What a caller may see of individuals' data (个人信息: names, ID numbers, phones, bank
 * accounts). The one place that decides: masked (packages/domain/src/mask.ts) unless the policy
 * (packages/subgraph-kit/src/policy.ts) grants this caller unmasked access to MEDICAL_INSURANCE data (a 医保
 * officer on a DEPARTMENT_CASE, an enterprise about itself). Whether the field may be read at all
 * is declared in the schema (@sensitivity).
 */
export interface Privacy {
  personName(name: string | null): string | null;
  idNumber(idNumber: string | null): string | null;
  phone(phone: string | null): string | null;
  bankAccount(accountNumber: string): string;
}

const orNull = (mask: (v: string) => string) => (v: string | null) => (v === null ? null : mask(v));

export const MASKED: Privacy = {
  personName: orNull(maskPersonName),
  idNumber: orNull(maskIdNumber),
  phone: orNull(maskPhone),
  bankAccount: maskBankAccount,
};

const asIs = (v: string | null) => v;

export const UNMASKED: Privacy = { personName: asIs, idNumber: asIs, phone: asIs, bankAccount: (v: string) => v };

/** The privacy that applies to one request's caller: MASKED unless unmasking is granted. */
export function privacyFor(caller?: Caller): Privacy {
  return mayUnmask(caller, 'MEDICAL_INSURANCE') ? UNMASKED : MASKED;
}

/** 法定代表人 as the caller may see it. */
export const showLegalRepresentative = (p: RawPerson, privacy: Privacy) => ({
  name: privacy.personName(p.name),
  idNumber: privacy.idNumber(p.idNumber),
  phone: privacy.phone(p.phone),
});

/** 单位经办人 as the caller may see it. */
export const showAgent = (p: RawPerson, privacy: Privacy) => ({ name: privacy.personName(p.name), mobile: privacy.phone(p.phone) });

/** 银行账户 as the caller may see it: the bank's name is not personal, the account number is. */
export const showBankAccount = (a: RawBankAccount | null, privacy: Privacy) =>
  a && { bankName: a.bankName, accountNumber: privacy.bankAccount(a.accountNumber) };
