import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import type { GatewayContext } from './context.ts';

/**
 * Subgraph transport: undici with a keep-alive agent per subgraph (no new TCP connection per
 * call), a timeout on every call, and the request id passed along so one request can be followed
 * through every subgraph's logs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(options: { name: string; url: string; timeoutMs: number; connections: number }) {
    const agent = new Agent({ connections: options.connections, keepAliveTimeout: 30_000, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
    super({
      url: options.url,
      fetcher: ((input: string, init: any) =>
        undiciFetch(input, { ...init, dispatcher: agent, signal: AbortSignal.timeout(options.timeoutMs) })) as any,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }
}
