import { mayUnmask, maskPhone, type Caller } from '@district/common';

/**
 * What personal data the services subgraph shows: building staff's phones, masked (138****1234)
 * unless the policy (common/src/policy.ts) grants unmasked SERVICES data. Whether the field may be
 * read at all is declared in the schema (@sensitivity(level: PERSONAL)).
 */
export const staffPhone = (phone: string, caller?: Caller): string => (mayUnmask(caller, 'SERVICES') ? phone : maskPhone(phone));
