import { checkUscc, describeUsccProblem } from '@district/domain';
import type { Enterprise } from '@district/dataset';
import type { Route, SimReply, SimRequest } from '../sim/server.ts';
import type { IdempotencyStore } from '../sim/idempotency.ts';
import type { RequestAuthenticator } from './auth.ts';
import { handled, refuse } from './envelope.ts';
import type { MarketState } from './state.ts';

/** What every route handler works with. */
export interface MarketContext {
  state: MarketState;
  auth: RequestAuthenticator;
  idempotency: IdempotencyStore<SimReply>;
  /** The registry's clock: timestamps, and the dates of writes. */
  now: () => Date;
}

/** A route whose handler runs only for a correctly signed request, and whose Refusals become replies. */
export function signedRoute(
  ctx: MarketContext, method: Route['method'], path: string, name: string,
  handle: (req: SimRequest, appKey: string) => SimReply | Promise<SimReply>,
): Route {
  return { method, path, name, handle: handled((req: SimRequest) => handle(req, ctx.auth.verify(req))) };
}

/** Refuses a malformed USCC with the exact reason (E2001). `label` names where it came from. */
export function requireUscc(value: unknown, label = 'uniscId'): string {
  if (typeof value !== 'string') return refuse('E2001', `${label} must be a string`);
  const verdict = checkUscc(value);
  if (!verdict.valid) refuse('E2001', `${label} "${value}": ${describeUsccProblem(value, verdict.problem!)}`);
  return value;
}

export function findEnterprise(ctx: MarketContext, uscc: string): Enterprise {
  return ctx.state.get(uscc) ?? refuse('E4040', `no enterprise registered with 统一社会信用代码 ${uscc}`);
}

export function parseJson(req: SimRequest): unknown {
  const text = req.body.toString('utf8');
  if (!text.trim()) refuse('E2001', 'request body is empty; a JSON object is required');
  try {
    return JSON.parse(text);
  } catch (error) {
    return refuse('E2001', `request body is not valid JSON (${(error as Error).message})`);
  }
}

/** Today's date at the registry, in Beijing time (UTC+8), as yyyy-MM-dd. */
export const todayIn = (now: () => Date): string => new Date(now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
