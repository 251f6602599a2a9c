import { createHash, createHmac, randomUUID } from 'node:crypto';

/**
 * Request signing for the 市场监管 registry API: the whole recipe in one small file, so the
 * adapter author can copy it.
 *
 *   X-Signature = hex(HMAC-SHA256(appSecret,
 *       METHOD + "\n" + canonicalTarget + "\n" + X-Timestamp + "\n" + X-Nonce + "\n" + hex(SHA-256(body))))
 *
 * `canonicalTarget` is the path followed, when there is a query, by "?" and the query as
 * `URLSearchParams.toString()` renders it (UTF-8 percent-encoding, space as "+"). The server only
 * sees the parsed URL, so both sides sign this canonical form rather than the raw bytes; a URL
 * built with URLSearchParams is already canonical. The body hash is over the exact bytes sent
 * (the empty string for GET).
 */

export interface MarketSigningInput {
  method: string;
  /** Path with optional query, e.g. "/api/v1/enterprises?address=山东省青岛市崂山区海尔路180号&page=2". */
  pathWithQuery: string;
  /** Exact request body; omit or '' for GET. */
  body?: string | Buffer;
  appKey: string;
  appSecret: string;
  /** Epoch milliseconds; defaults to now. */
  timestamp?: number;
  /** Unique per request within 10 minutes; defaults to a random UUID. */
  nonce?: string;
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The canonical form of a request target (see the file comment). */
export function canonicalTarget(pathWithQuery: string): string {
  const url = new URL(pathWithQuery, 'http://market.invalid');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

export function stringToSign(method: string, target: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return [method.toUpperCase(), target, timestamp, nonce, sha256Hex(body)].join('\n');
}

export const hmacHex = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('hex');

/** The four authentication headers for one request. Send the body exactly as passed here. */
export function signMarketRequest(input: MarketSigningInput): Record<'X-App-Key' | 'X-Timestamp' | 'X-Nonce' | 'X-Signature', string> {
  const timestamp = String(input.timestamp ?? Date.now());
  const nonce = input.nonce ?? randomUUID();
  const text = stringToSign(input.method, canonicalTarget(input.pathWithQuery), timestamp, nonce, input.body ?? '');
  return { 'X-App-Key': input.appKey, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': hmacHex(input.appSecret, text) };
}
