/** @district/domain: Domain values every part may share, the department stand-ins included: identifiers (USCC, 居民身份证号), money, masking, departments, roles and purposes, enterprise names, the error codes, how user input is quoted. */
export { CallerSchema, DELEGATION_ID, DelegationInEffectSchema, PURPOSES, ROLES, systemCaller } from './caller.ts';
export type { Caller, DelegationInEffect, DelegationUse, Purpose, Role } from './caller.ts';
export { dateFromCompact, isIsoDate } from './dates.ts';
export { DEPARTMENTS, DEPARTMENT_LABELS, departmentOfSubgraph } from './departments.ts';
export type { Department } from './departments.ts';
export { DEV_CREDENTIALS } from './dev-credentials.ts';
export { ENTERPRISE_NAME_MAX, ENTERPRISE_NAME_MIN, NAME_REGIONS, checkEnterpriseName, organisationFormOf } from './enterprise-name.ts';
export type { NameProblem, NameRule, OrganisationForm } from './enterprise-name.ts';
export { DepartmentRejectedError, DepartmentUnavailableError, ERROR_CODES, badUserInput, conflict, forbidden, preconditionFailed } from './errors.ts';
export type { ErrorCode, UnavailableReason } from './errors.ts';
export { buildIdCard, idCardCheckChar, isValidIdCard } from './idcard.ts';
export { maskBankAccount, maskIdNumber, maskPersonName, maskPhone } from './mask.ts';
export { MONEY_INPUT_MAX_DIGITS, decimalToFen, isMoney, moneyFromFen, moneyFromInput, moneyFromWanString, moneyFromYuanNumber, moneyFromYuanString, moneyToFen, sumMoney } from './money.ts';
export type { Money } from './money.ts';
export { QUOTE_MAX_CHARACTERS, quoteInput, shortenQuotedValues } from './quote.ts';
export { USCC_CHARSET, buildUscc, checkUscc, describeUsccProblem, isValidUscc, orgCodeCheckChar, usccCheckChar } from './uscc.ts';
export type { UsccProblem, UsccVerdict } from './uscc.ts';
