import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { quoteInput } from '@district/domain';

/**
 * A request the client got wrong is a 4xx with a code, never a 500.
 *
 * - An operationName the document does not hold, or several operations and none named: Apollo
 *   Server leaves that to the executor, and the gateway's executor throws, which Apollo turns into
 *   a 500. We answer it first: 400, OPERATION_RESOLUTION_FAILURE (Apollo's own code for it),
 *   naming the operations the document does hold.
 * - A subgraph's refusal of the client's input carries its 4xx (datasource.ts). When other root
 *   fields did come back, the answer is partial, not refused: 200, as for any field error; when
 *   nothing did, it is a request error: 4xx and no `data` entry at all.
 */
export const OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE';

function operationNames(document: DocumentNode): string[] {
  return document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
}

export function operationResolutionError(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  const names = operationNames(document);
  const held = names.length ? `the document holds ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : 'the document holds no operation';
  const message = operationName
    ? `no operation named ${quoteInput(operationName)}: ${held}`
    : `operationName is required when a document holds several operations: ${held}`;
  return new GraphQLError(message, { extensions: { code: OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
}

export function requestErrorsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) throw operationResolutionError(rc.document, rc.request.operationName);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || (response.http.status ?? 200) < 400) return;
          const result = response.body.singleResult;
          if (result.data && Object.values(result.data).some((v) => v !== null)) response.http.status = 200;
          // Refused as a whole: a request error has no data entry (GraphQL over HTTP), not data: null.
          else delete (result as { data?: unknown }).data;
        },
      };
    },
  };
}
