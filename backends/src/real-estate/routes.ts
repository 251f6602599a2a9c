import { timingSafeEqual } from 'node:crypto';
import type { Dataset } from '@district/dataset';
import type { Route, SimReply, SimRequest } from '../sim/server.ts';
import { BIZ_CODES, CODES } from './codes.ts';
import { readNameChange, registerNameChange } from './name-change.ts';
import { queryRights, queryUnits } from './queries.ts';
import type { RegistryState } from './state.ts';
import { chinaTime, parseRequest, RegistryError, renderResponse, serialNoOf, type ParsedRequest } from './xml.ts';

/**
 * The one exchange endpoint (交换接口), POST /bdcdj/exchange: the business code in the Head picks
 * the service, as in the vendors' exchange interfaces. Checks run in the order a caller can fix
 * them: envelope (2001), credentials (1001), business code (1002), head fields and body (2002…).
 */

export const EXCHANGE_PATH = '/bdcdj/exchange';

export interface RouteContext {
  dataset: Dataset;
  state: RegistryState;
  credentials: { senderId: string; apiKey: string };
  now: () => Date;
}

/** Constant-time comparison: a key must not be guessable from response times. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 业务流水号: letters, digits, '-' and '_', up to 64; it is the idempotency key of writes. */
const SERIAL_NO = /^[A-Za-z0-9_-]{1,64}$/;
/** Head/Timestamp as callers send it: yyyy-MM-dd HH:mm:ss, yyyyMMddHHmmss, or ISO 8601. */
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{14})$/;

function checkHead(req: ParsedRequest, ctx: RouteContext): void {
  const { head } = req;
  if (!head.senderId || !head.apiKey) throw new RegistryError(CODES.AUTH_FAILED, 'Head/SenderId 和 Head/ApiKey 必须提供');
  if (!same(head.senderId, ctx.credentials.senderId) || !same(head.apiKey, ctx.credentials.apiKey)) {
    throw new RegistryError(CODES.AUTH_FAILED, 'SenderId 或 ApiKey 不正确');
  }
  const known = Object.values(BIZ_CODES) as string[];
  if (!known.includes(head.bizCode)) {
    throw new RegistryError(CODES.UNKNOWN_BIZ_CODE, `"${head.bizCode}" (known: ${known.join(', ')})`);
  }
  if (!SERIAL_NO.test(head.serialNo)) throw new RegistryError(CODES.BAD_PARAMETER, `Head/SerialNo "${head.serialNo}" 须为1-64位字母、数字、-或_`);
  if (!TIMESTAMP.test(head.timestamp)) throw new RegistryError(CODES.BAD_PARAMETER, `Head/Timestamp "${head.timestamp}" 须为 yyyy-MM-dd HH:mm:ss`);
}

function dispatch(req: ParsedRequest, ctx: RouteContext): SimReply {
  const now = ctx.now();
  const ok = (body: Record<string, unknown>) => renderResponse({ reply: CODES.OK, serialNo: req.head.serialNo, body, now });
  switch (req.head.bizCode) {
    case BIZ_CODES.QUERY_RIGHTS:
      return ok(queryRights(ctx, req.body));
    case BIZ_CODES.QUERY_UNITS:
      return ok(queryUnits(ctx, req.body));
    case BIZ_CODES.CHANGE_HOLDER_NAME: {
      const stamp = chinaTime(now);
      const at = { date: stamp.slice(0, 10), time: stamp.slice(11) };
      const change = readNameChange(req.body, at.date);
      // The same SerialNo with the same Body gets the first reply again, outcome included; a different Body is refused.
      const outcome = ctx.state.idempotency.run(`${req.head.senderId}|${req.head.serialNo}`, { biz: req.head.bizCode, body: req.body }, () => {
        try {
          return ok(registerNameChange(ctx.state, change, at));
        } catch (error) {
          if (error instanceof RegistryError) return renderResponse({ reply: error.reply, detail: error.detail, serialNo: req.head.serialNo, now });
          throw error;
        }
      });
      if ('conflict' in outcome) {
        throw new RegistryError(CODES.SERIAL_REUSED, `SerialNo "${req.head.serialNo}" 已用于另一笔业务 (already used for a different request)`);
      }
      return outcome.reply;
    }
    default:
      throw new RegistryError(CODES.UNKNOWN_BIZ_CODE, req.head.bizCode);
  }
}

export function createRoutes(ctx: RouteContext): Route[] {
  const handle = (req: SimRequest): SimReply => {
    let serialNo = '';
    try {
      const parsed = parseRequest(req.body, req.headers['content-type']);
      serialNo = parsed.head.serialNo;
      checkHead(parsed, ctx);
      return dispatch(parsed, ctx);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error; // the shell answers 5000 without details
      return renderResponse({ reply: error.reply, detail: error.detail, serialNo: serialNo || serialNoOf(req.body), now: ctx.now() });
    }
  };
  return [{ method: 'POST', path: EXCHANGE_PATH, name: 'exchange', handle }];
}
