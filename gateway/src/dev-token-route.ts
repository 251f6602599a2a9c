import type http from 'node:http';
import { z } from 'zod';
import { PURPOSES } from '@district/domain';
import { readBody } from '@district/runtime';
import { AuthFailure, TOKEN_ROLES, signDevToken } from './auth/index.ts';
import type { AuthSettings } from './auth/settings.ts';

/**
 * POST /dev/token: a development token for GraphiQL's sign-in (graphiql.ts), signed like
 * `npm run -s token` with the key this gateway trusts. Mounted only outside production and only
 * when the gateway accepts HS256 tokens; in production the path is an ordinary 404.
 */
export const DEV_TOKEN_PATH = '/dev/token';
/** A token lives as long as a working session: the tab keeps it, a new tab signs in again. */
export const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

const Request = z.object({
  role: z.enum(TOKEN_ROLES),
  buildings: z.array(z.string()).max(200).optional(),
  uscc: z.string().optional(),
  department: z.string().optional(),
  purpose: z.enum(PURPOSES).optional(),
  caseId: z.string().optional(),
  /** agent (帮办代办): the delegation it acts under, and its own id (the delegation's `agentId`). */
  delegation: z.string().optional(),
  sub: z.string().min(1).max(128).optional(),
}).strict()
  .refine((r) => r.sub === undefined || r.role === 'agent', { message: 'sub may be chosen for role agent only (it must be the agent id a delegation names)', path: ['sub'] });

function answer(res: http.ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-store' });
  res.end(payload);
}

const refusal = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });

export function devTokenRoute(auth: AuthSettings, o: { production: boolean }) {
  const secret = auth.secret;
  if (o.production || !secret || auth.disabled) return undefined;
  return async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== DEV_TOKEN_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-length': '0' });
      res.end();
      return true;
    }
    const text = await readBody(req, res, 16_384);
    if (text === null) return true;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      answer(res, 400, refusal('request body is not valid JSON'));
      return true;
    }
    const parsed = Request.safeParse(json);
    if (!parsed.success) {
      answer(res, 400, refusal(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')));
      return true;
    }
    const { role, sub, ...rest } = parsed.data;
    try {
      // sub names the role, never a person: the access record says "a developer, in GraphiQL";
      // an agent's is the agent id its delegation names, or nothing it acts under would be its own.
      const token = await signDevToken({ sub: sub ?? `graphiql-${role}`, role, ...rest }, { secret, issuer: auth.issuer, audience: auth.audience, ttlSeconds: DEV_TOKEN_TTL_SECONDS });
      answer(res, 200, { token, expiresIn: DEV_TOKEN_TTL_SECONDS });
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      answer(res, 400, refusal(error.message));
    }
    return true;
  };
}
