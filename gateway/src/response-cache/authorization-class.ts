import type { Caller } from '@district/domain';
import { grantFor, rowScope } from '@district/subgraph-kit/policy';

/**
 * 授权类别 — the caller's authorization class: what the subgraphs' answers depend on, and nothing
 * else, so two callers of one class get the same answer from every subgraph and may share a cache
 * entry, and a caller whose grant differs in any way never reads another class's entry.
 *
 * Made from the same policy the subgraphs enforce (packages/subgraph-kit/src/policy.ts): the role
 * and purpose, the sensitivity classes they grant, masked or unmasked personal data, the caller's
 * department (the `ownDepartment` rule of department officers; kept for every role, which costs
 * nothing and leaves no doubt), and the row scope — building staff's buildings (sorted, so the
 * same set is the same class), an enterprise's own USCC. Left out: the user (`sub`, which grants
 * nothing by itself), the request id and the case number (办件编号: recorded in the gateway's access
 * record, which is made per request whether the answer came from the cache or not; no department
 * subgraph answers differently by it).
 *
 * No class (null: never cached) for the gateway's own `system` calls and for a read that must go
 * past every cache (`fresh`).
 */
export function authorizationClass(caller: Caller | undefined): string | null {
  if (!caller || caller.role === 'system' || caller.fresh === true) return null;
  const grant = grantFor(caller);
  const scope = rowScope(caller);
  const rows = scope.kind === 'buildings' ? [...scope.buildings].sort() : scope.kind === 'self' ? scope.uscc : 'all';
  return JSON.stringify([
    caller.role, caller.purpose ?? null, [...grant.classes].sort(), grant.unmasked ? 'unmasked' : 'masked', caller.department ?? null, rows,
  ]);
}
