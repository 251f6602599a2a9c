import { createHash, createHmac } from 'node:crypto';

/**
 * The registry's request signature (backends/docs/market.md, "Authentication"):
 *
 *   X-Signature = hex(HMAC-SHA256(appSecret,
 *       METHOD \n canonicalTarget \n X-Timestamp \n X-Nonce \n hex(SHA-256(body))))
 *
 * Our own copy of the recipe rather than an import from the stand-in: the subgraph must not depend
 * on a simulator, and adapter.test.ts checks this copy against the stand-in's verifier.
 */

export interface MarketCredentials {
  appKey: string;
  /** Never logged, never sent: only the HMAC leaves the process. */
  appSecret: string;
}

/**
 * Path plus the query as URLSearchParams renders it (UTF-8 percent-encoding, space as "+"). The
 * registry only sees the parsed URL, so both sides sign this form; the adapter also sends it, so
 * what is signed is byte for byte what goes on the wire.
 */
export function canonicalTarget(pathWithQuery: string): string {
  const url = new URL(pathWithQuery, 'http://market.invalid');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

/** The four authentication headers for one request; `target` must already be canonical. */
export function signRequest(input: {
  method: string;
  target: string;
  body: string;
  credentials: MarketCredentials;
  timestamp: number;
  nonce: string;
}): Record<'X-App-Key' | 'X-Timestamp' | 'X-Nonce' | 'X-Signature', string> {
  const timestamp = String(input.timestamp);
  const text = [input.method.toUpperCase(), input.target, timestamp, input.nonce, sha256Hex(input.body)].join('\n');
  const signature = createHmac('sha256', input.credentials.appSecret).update(text, 'utf8').digest('hex');
  return { 'X-App-Key': input.credentials.appKey, 'X-Timestamp': timestamp, 'X-Nonce': input.nonce, 'X-Signature': signature };
}
