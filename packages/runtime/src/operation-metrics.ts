import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { OperationNames, metrics } from './metrics.ts';
import { currentRequestScope } from './request-scope.ts';

/**
 * Counts and times every GraphQL operation a part serves (the gateway's requests, a subgraph's
 * calls) by operation name and outcome, and notes both on the request scope for the request's
 * log line (requestLogLine). The name is a label only once the operation parsed and validated,
 * and OperationNames caps how many distinct names a process labels.
 */
export function operationMetricsPlugin<C extends BaseContext>(names = new OperationNames()): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let validated = false;
      return {
        async didResolveOperation() {
          validated = true;
        },
        async willSendResponse(rc) {
          const operation = names.label(rc.operationName, validated);
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : undefined;
          const failed = !!result?.errors?.length;
          const outcome = !failed ? 'ok' : result?.data ? 'partial' : 'error';
          metrics.operations.inc({ operation, outcome });
          metrics.operationDuration.observe({ operation }, (performance.now() - started) / 1000);
          const scope = currentRequestScope();
          if (scope) {
            scope.operations.push(operation);
            scope.outcome = worse(scope.outcome, outcome);
          }
        },
      };
    },
  };
}

const RANK: Record<string, number> = { ok: 0, partial: 1, error: 2 };
const worse = (a: string | undefined, b: string) => (a === undefined || RANK[b] > RANK[a] ? b : a);

/**
 * The one log line of a request (the gateway) or a subgraph call (a subgraph), written when the
 * answer has left: request id and trace id (the logger's mixin), operation names, caller role,
 * HTTP status, duration and the departments reached. Nothing the caller sent is in it.
 */
export function requestLogLine(logger: Logger, what: string, status: number, started: number): void {
  const scope = currentRequestScope();
  logger.info({
    operation: scope?.operations.length ? [...new Set(scope.operations)].join(',') : undefined,
    role: scope?.role,
    status,
    outcome: scope?.outcome,
    durationMs: Math.round(performance.now() - started),
    departments: scope ? [...scope.departments].sort() : [],
  }, what);
}
