import type { GraphQLFormattedError } from 'graphql';

/**
 * What a client sees of any error: message and extensions, never a stack trace, an exception
 * object or an internal address (a subgraph's URL in a fetch failure, for example).
 */
const ADDRESS = /\b(?:https?:\/\/)?(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\S*|\bhttps?:\/\/\S+|\blocalhost(?::\d+)?\S*/g;

export function scrubMessage(message: string): string {
  return message.replace(ADDRESS, '[internal address]');
}

export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  return {
    message: scrubMessage(formatted.message),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' },
  };
}
