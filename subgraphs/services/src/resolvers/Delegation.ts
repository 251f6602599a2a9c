import { statusOf } from '../delegations/rules.ts';
import type { DelegationRow } from '../store/delegations.ts';

export const Delegation = {
  agent: (d: DelegationRow) => ({ kind: d.agentKind, id: d.agentId }),
  grantedAt: (d: DelegationRow) => d.createdAt,
  status: (d: DelegationRow) => statusOf(d, new Date()),
};
