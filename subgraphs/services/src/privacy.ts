import { mayUnmask } from '@district/subgraph-kit';
import { maskPhone, type Caller } from '@district/domain';

/**
 * What personal data the services subgraph shows: building staff's phones, masked (138****1234)
 * unless the policy (packages/subgraph-kit/src/policy.ts) grants unmasked SERVICES data. Whether the field may be
 * read at all is declared in the schema (@sensitivity(level: PERSONAL)).
 */
export const staffPhone = (phone: string, caller?: Caller): string => (mayUnmask(caller, 'SERVICES') ? phone : maskPhone(phone));
