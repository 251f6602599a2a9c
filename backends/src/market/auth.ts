import { timingSafeEqual } from 'node:crypto';
import type { SimRequest } from '../sim/server.ts';
import { refuse } from './envelope.ts';
import { canonicalTarget, hmacHex, stringToSign } from './signature.ts';

/** Timestamps further than this from the server clock are refused (E1002). */
export const MAX_SKEW_MS = 300_000;

/**
 * Checks the signed headers of one request (recipe in signature.ts) and refuses replays.
 *
 * A nonce only needs remembering while its timestamp is still acceptable, i.e. at most
 * 2 × MAX_SKEW_MS after the server first saw it. Two generations of nonces rotated every
 * 2 × MAX_SKEW_MS keep each one at least that long without a per-entry timer.
 */
export class RequestAuthenticator {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;

  constructor(
    private readonly credentials: { appKey: string; appSecret: string },
    private readonly now: () => Date,
  ) {
    this.rotatedAt = now().getTime();
  }

  /** Returns the caller's app key, or throws a Refusal naming what was wrong. */
  verify(req: SimRequest): string {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const appKey = header('x-app-key');
    const timestamp = header('x-timestamp');
    const nonce = header('x-nonce');
    const signature = header('x-signature');
    const missing = [['X-App-Key', appKey], ['X-Timestamp', timestamp], ['X-Nonce', nonce], ['X-Signature', signature]]
      .filter(([, v]) => !v).map(([n]) => n);
    if (missing.length) refuse('E1004', `missing header ${missing.join(', ')}`);

    if (appKey !== this.credentials.appKey) refuse('E1000', `unknown X-App-Key "${appKey}"`);
    if (!/^\d{1,16}$/.test(timestamp!)) refuse('E1002', `X-Timestamp must be epoch milliseconds, got "${timestamp}"`);
    const now = this.now().getTime();
    const skew = now - Number(timestamp);
    if (Math.abs(skew) > MAX_SKEW_MS) {
      refuse('E1002', `X-Timestamp ${timestamp} is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} server time; at most ${MAX_SKEW_MS / 1000} s allowed`);
    }

    const target = canonicalTarget(req.path + (req.query.size ? `?${req.query.toString()}` : ''));
    const expected = hmacHex(this.credentials.appSecret, stringToSign(req.method, target, timestamp!, nonce!, req.body));
    const given = Buffer.from(signature!.toLowerCase());
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      refuse('E1001', `X-Signature does not match; the server signed "${req.method}\\n${target}\\n${timestamp}\\n${nonce}\\n<sha256 of ${req.body.length}-byte body>"`);
    }

    this.rotate(now);
    const key = `${appKey}\u0000${nonce}`;
    if (this.current.has(key) || this.previous.has(key)) refuse('E1003', `X-Nonce "${nonce}" was already used; use a fresh nonce for every request, including retries`);
    this.current.add(key);
    return appKey!;
  }

  private rotate(now: number): void {
    if (now - this.rotatedAt < 2 * MAX_SKEW_MS) return;
    this.previous = now - this.rotatedAt < 4 * MAX_SKEW_MS ? this.current : new Set();
    this.current = new Set();
    this.rotatedAt = now;
  }
}
