/**
 * A subgraph's cache hint, read from the Cache-Control header of its answer: the header Apollo
 * Server's cache-control plugin writes from the subgraph schema's `@cacheControl` hints (the most
 * restrictive of every field answered) — `max-age=300, public`, or `no-store` when any field has
 * no hint. parseCacheControlHeader of @apollo/gateway, as RemoteGraphQLDataSource reads it.
 */
export interface CacheHint {
  /** Seconds the answer stays fresh; 0: not cacheable. */
  maxAge: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

export function cacheHintOf(header: string | undefined): CacheHint {
  const cc: Record<string, string | true> = {};
  if (header) {
    for (const part of header.trim().split(/\s*,\s*/)) {
      const [k, v] = part.split(/\s*=\s*/, 2);
      cc[k.toLowerCase()] = v === undefined ? true : v.replace(/^"|"$/g, '');
    }
  }
  const hint: CacheHint = { maxAge: 0 };
  const maxAge = cc['max-age'];
  if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = +maxAge;
  if (cc['no-store'] === true || cc['no-cache'] === true) hint.maxAge = 0;
  if (cc.private === true) hint.scope = 'PRIVATE';
  if (cc.public === true) hint.scope = 'PUBLIC';
  return hint;
}
