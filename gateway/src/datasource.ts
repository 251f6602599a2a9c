import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Agent, fetch as undiciFetch } from 'undici';
import { CONTEXT_HEADER, signContext, type StaleNotice } from '@district/common';
import type { GatewayContext } from './context.ts';
import { degradedEntitiesResponse, unavailableError, type SubgraphFailure } from './degrade.ts';

/** Absolute deadline (epoch ms) of the whole request, passed to subgraphs so they can bound their own work. */
export const DEADLINE_HEADER = 'x-request-deadline';

/**
 * Subgraph transport: undici with a keep-alive agent per subgraph (no new TCP connection per
 * call), and every call bounded by the smaller of the subgraph timeout and what is left of the
 * request's budget, so a whole answer always arrives in time. A failed call costs only that
 * subgraph's fields (see degrade.ts); stale-if-error notices from subgraphs are gathered for the
 * response's extensions.stale.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;
  readonly department: string;

  private readonly contextKey: string;

  constructor(options: { name: string; url: string; department: string; timeoutMs: number; connections: number; contextKey: string }) {
    const agent = new Agent({ connections: options.connections, keepAliveTimeout: 30_000 });
    super({
      url: options.url,
      fetcher: ((input: string, init: any) => {
        const deadline = Number(init?.headers?.get?.(DEADLINE_HEADER) ?? init?.headers?.[DEADLINE_HEADER]);
        const left = Number.isFinite(deadline) && deadline > 0 ? deadline - Date.now() : options.timeoutMs;
        const timeout = Math.max(1, Math.min(options.timeoutMs, left));
        return undiciFetch(input, { ...init, dispatcher: agent, signal: AbortSignal.timeout(timeout) });
      }) as any,
    });
    this.name = options.name;
    this.department = options.department;
    this.contextKey = options.contextKey;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!context?.requestId) return;
    request.http?.headers.set('x-request-id', context.requestId);
    request.http?.headers.set(DEADLINE_HEADER, String(context.deadline));
    // Who asks, in which role and for which purpose, signed: subgraphs answer nothing without it.
    // One signature per request: every subgraph call of a request carries the same caller.
    context.signedContext ??= signContext(context.caller, this.contextKey);
    request.http?.headers.set(CONTEXT_HEADER, await context.signedContext);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const info = { subgraph: this.name, department: this.department, reason: classify(error) };
      options.context?.logger?.warn({ subgraph: this.name, reason: info.reason, requestId: options.context?.requestId }, 'subgraph call failed');
      const degraded = degradedEntitiesResponse(options.request, info);
      if (degraded) return degraded;
      throw unavailableError(info);
    }
  }

  override async didReceiveResponse({ response, context }: any) {
    const stale = response?.extensions?.stale as StaleNotice[] | undefined;
    if (Array.isArray(stale) && context?.freshness) context.freshness.merge(stale);
    return response;
  }
}

function classify(error: unknown): SubgraphFailure {
  const e = error as { name?: string; message?: string; cause?: { name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || /timeout|aborted/i.test(e?.message ?? '')) return 'TIMEOUT';
  if (/fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(e?.message ?? '')) return 'UNREACHABLE';
  return 'ERROR';
}
