import type { GraphQLFormattedError } from 'graphql';
import { shortenQuotedValues } from '@district/domain';

/**
 * What a client sees of any error: message and extensions, never a stack trace, an exception
 * object or an internal address (a subgraph's URL in a fetch failure, for example).
 */
const ADDRESS = /\b(?:https?:\/\/)?(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\S*|\bhttps?:\/\/\S+|\blocalhost(?::\d+)?\S*/g;

/**
 * Longest message a client gets. Messages that quote the client's input quote a short prefix of
 * it (common's quoteInput), graphql-js's echoes of a literal or variable are cut the same way
 * (shortenQuotedValues); this is the backstop for anything else, so a huge argument never comes
 * back as a huge error.
 */
export const MAX_MESSAGE_CHARS = 1_000;

export function scrubMessage(message: string): string {
  const scrubbed = shortenQuotedValues(message).replace(ADDRESS, '[internal address]');
  if (scrubbed.length <= MAX_MESSAGE_CHARS) return scrubbed;
  return `${scrubbed.slice(0, MAX_MESSAGE_CHARS)}… (cut: ${scrubbed.length} characters)`;
}

/**
 * Apollo Server's own refusals of a malformed request that carry an HTTP status but no code, by
 * message; any other such refusal is BAD_REQUEST. Without this they would reach the client as
 * INTERNAL_SERVER_ERROR, which reads as our fault.
 */
const CODES_OF_UNCODED_REFUSALS: Record<string, string> = {
  'provided sha does not match query': 'PERSISTED_QUERY_HASH_MISMATCH',
  'Unsupported persisted query version': 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
};

/** The code a refusal without one gets: by its message, else by its HTTP status (4xx → BAD_REQUEST). */
function codeOfUncoded(message: string, original: unknown): string | undefined {
  const extensions = (original as { extensions?: { code?: unknown; http?: { status?: number } } } | undefined)?.extensions;
  if (extensions?.code !== undefined) return undefined;
  const status = extensions?.http?.status;
  if (status === undefined || status < 400 || status > 499) return undefined;
  return CODES_OF_UNCODED_REFUSALS[message] ?? 'BAD_REQUEST';
}

export function formatGatewayError(formatted: GraphQLFormattedError, original?: unknown): GraphQLFormattedError {
  const { stacktrace: _stack, exception: _exception, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = codeOfUncoded(formatted.message, original) ?? extensions.code ?? 'INTERNAL_SERVER_ERROR';
  return {
    message: scrubMessage(formatted.message),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { ...extensions, code },
  };
}
