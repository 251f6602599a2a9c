import type http from 'node:http';
import cors from 'cors';
import { z } from 'zod';

/**
 * Cross-origin calls (CORS) from browser apps on other origins, by the `cors` package.
 *
 * - Origins come from an explicit allow-list (GATEWAY_CORS_ORIGINS). Unset, development and test
 *   allow any `http://localhost:<port>` and `http://127.0.0.1:<port>` page (a front-end's dev
 *   server); production allows none.
 * - The preflight (OPTIONS) is answered here, before authentication: a browser never sends the
 *   token with it, so it used to get 401 and the real request was never made.
 * - Credentials are off: callers send a bearer token, never cookies, so no cookie can ride along.
 * - Allowed request headers are the ones our clients send; x-request-id and friends are exposed so
 *   a browser app can quote them when it reports a problem.
 * - `Vary: Origin` on every answer, so a shared cache never serves one origin's answer to another.
 */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'x-purpose', 'x-case-id', 'traceparent', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'x-client-request-id', 'www-authenticate', 'allow'];
/** How long a browser may reuse a preflight's answer, seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 600;

const LOCAL_ORIGIN = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::\d{1,5})?$/;

/** The setting: a comma-separated list of origins (scheme://host[:port], no path), or empty for none. */
export const corsOriginsSetting = () =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const origins = value.split(',').map((s) => s.trim()).filter(Boolean);
      for (const o of origins) {
        if (!URL.canParse(o) || new URL(o).origin !== o) ctx.addIssue({ code: 'custom', message: `"${o}" is not an origin: write scheme://host[:port], no path or trailing slash (e.g. https://app.district.example)` });
      }
      return origins;
    })
    .describe('Origins (comma-separated, scheme://host[:port]) whose browser pages may call the graph. Unset: any http://localhost:* and http://127.0.0.1:* page outside production, none in production; empty: none.');

/** Whether a page of this origin may call the gateway, for the configured list (undefined: the mode's default). */
export function corsOriginPolicy(origins: string[] | undefined, production: boolean): (origin: string) => boolean {
  if (origins !== undefined) {
    const allowed = new Set(origins);
    return (origin) => allowed.has(origin);
  }
  return production ? () => false : (origin) => LOCAL_ORIGIN.test(origin);
}

export type CorsHandler = (req: http.IncomingMessage, res: http.ServerResponse) => 'answered' | 'continue';

/**
 * Sets the CORS headers of an answer, and answers a preflight itself ('answered'): 204 with the
 * allowed methods and headers, or, for an origin not on the list (or an OPTIONS that is no
 * preflight), 204 with only `Allow`, which a browser takes as "no".
 */
export function createCors(allows: (origin: string) => boolean): CorsHandler {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allows(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: CORS_MAX_AGE_SECONDS,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  return (req, res) => {
    // Every answer varies by Origin, allowed or not, so a shared cache never mixes them up.
    const prior = res.getHeader('vary');
    if (!/(^|,)\s*origin\s*(,|$)/i.test(String(prior ?? ''))) res.setHeader('vary', prior ? `${prior}, Origin` : 'Origin');
    // The package decides synchronously (our origin callback is): it has ended an allowed
    // preflight, or set the headers of an allowed request, or done nothing, by the time it returns.
    let next = false;
    middleware(req as any, res as any, () => (next = true));
    if (req.method !== 'OPTIONS') return 'continue';
    if (next) {
      res.writeHead(204, { allow: 'GET, POST, OPTIONS', 'content-length': '0' });
      res.end();
    }
    return 'answered';
  };
}
