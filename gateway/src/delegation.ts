import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { DelegationInEffectSchema, systemCaller, type Caller, type DelegationUse } from '@district/domain';
import { createSignedGraphqlClient, type Logger } from '@district/runtime';
import type { GatewayContext } from './context.ts';

/**
 * 委托 (delegated access, 帮办代办): an agent's token names a delegation (claim `delegation`); on every
 * request of such a token, once the operation is known, this asks the services subgraph — which
 * keeps the delegations — whether it is in effect for this agent and purpose, and what it covers:
 * one call per request, nothing cached, so a revocation holds from the agent's next request on
 * every gateway instance. A mutation under a one-time delegation spends its use in that same call
 * (one conditional UPDATE in the store: exactly one of concurrent acts on any instance goes ahead).
 *
 * In effect: the caller signed into every subgraph call acts for the delegation's enterprise
 * (`uscc`, row scope "self") with its items (`delegation`), and the subgraphs' checks take it from
 * there (policy.ts grants, services' bundle and certificate checks). Not in effect: the request is
 * refused whole, HTTP 403 FORBIDDEN saying why (revoked, expired, spent, not this agent's, a
 * purpose it does not cover), and the access record says so under the agent and the enterprise.
 */
export const DELEGATION_SUBGRAPH = 'services';
/** One lookup's bound: a primary-key read; a store that does not answer in this refuses the request. */
export const DELEGATION_LOOKUP_TIMEOUT_MS = 2_000;

const USE = `mutation UseDelegation($id: ID!, $agent: String!, $purpose: String, $consume: Boolean!) {
  useDelegation(id: $id, agent: $agent, purpose: $purpose, consume: $consume) { inEffect reason uscc purposes bundleKinds certificateKinds }
}`;

export interface DelegationOptions {
  /** The services subgraph's URL; unset when the graph has none (then no delegation is ever in effect). */
  servicesUrl?: string;
  contextKey: string;
  logger: Logger;
  timeoutMs?: number;
}

const refused = (message: string, delegationId: string) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN', delegationId, http: { status: 403 } } });

export function delegationPlugin(o: DelegationOptions): ApolloServerPlugin<GatewayContext> {
  const call = createSignedGraphqlClient({ contextKey: o.contextKey, timeoutMs: o.timeoutMs ?? DELEGATION_LOOKUP_TIMEOUT_MS });

  /** The caller as it acts under the delegation, and why it may not when it may not. */
  async function resolve(caller: Caller & { delegationId: string }, consume: boolean, requestId: string): Promise<{ acting: Caller; refusal?: string }> {
    const id = caller.delegationId;
    if (!o.servicesUrl) return { acting: caller, refusal: `delegation ${id} cannot be used: this graph keeps no delegations (no ${DELEGATION_SUBGRAPH} subgraph)` };
    const reply = await call<{ data?: { useDelegation?: DelegationUse } | null }>(o.servicesUrl, systemCaller(requestId), {
      query: USE, variables: { id, agent: caller.sub, purpose: caller.purpose ?? null, consume },
    }, { requestId });
    const use = reply.ok ? reply.body.data?.useDelegation : undefined;
    if (!use) {
      o.logger.error({ requestId, reason: reply.ok ? 'no answer' : reply.reason }, 'delegation lookup failed');
      throw new GraphQLError('委托暂时无法核验，请稍后再试 — the delegation cannot be checked right now; try again later', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 503 } },
      });
    }
    // The enterprise is named even when refused (for its record), but grants nothing without `delegation`.
    const acting: Caller = { ...caller, ...(use.uscc ? { uscc: use.uscc } : {}) };
    if (!use.inEffect) return { acting, refusal: use.reason ?? `delegation ${id} is not in effect` };
    const delegation = DelegationInEffectSchema.parse({ id, purposes: use.purposes, bundleKinds: use.bundleKinds, certificateKinds: use.certificateKinds });
    return { acting: { ...acting, delegation } };
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const caller = rc.contextValue.caller;
          if (caller.role !== 'agent' || !caller.delegationId || !rc.operation) return;
          const consume = rc.operation.operation === 'mutation';
          const { acting, refusal } = await resolve(caller as Caller & { delegationId: string }, consume, rc.contextValue.requestId);
          // Replaced before the first subgraph call signs it, and before the access record reads it.
          rc.contextValue.caller = acting;
          if (refusal) throw refused(refusal, caller.delegationId);
        },
      };
    },
  };
}
