import type { NativeReplies, SimReply } from '../sim/server.ts';

/**
 * The registry's reply envelope `{ code, message, data }` and its error codes. Every reply, the
 * shell's fault replies included, uses this envelope, so an adapter needs one decoder.
 */

export const ERRORS = {
  E1000: { status: 401, text: 'AppKey无效' },
  E1001: { status: 401, text: '签名错误' },
  E1002: { status: 401, text: '时间戳过期' },
  E1003: { status: 401, text: '重复请求(nonce)' },
  E1004: { status: 401, text: '缺少认证信息' },
  E2001: { status: 400, text: '参数错误' },
  E2002: { status: 400, text: '批量数量超过上限100' },
  E3001: { status: 422, text: '业务校验未通过' },
  E3002: { status: 422, text: '企业名称已被登记' },
  E4040: { status: 404, text: '未找到' },
  E4041: { status: 404, text: '接口不存在' },
  E4090: { status: 409, text: '幂等键冲突' },
  E4130: { status: 413, text: '请求体过大' },
  E4290: { status: 429, text: '请求过于频繁' },
  E5000: { status: 500, text: '系统内部错误' },
  E5030: { status: 503, text: '系统维护中' },
} as const;
export type ErrorCode = keyof typeof ERRORS;

export const ok = (data: unknown, headers?: Record<string, string>): SimReply => ({
  status: 200, body: { code: '0', message: 'success', data }, ...(headers ? { headers } : {}),
});

/** An error reply: message is "<code text>: <detail>" so a log line alone says what went wrong. */
export function fail(code: ErrorCode, detail?: string, data: unknown = null, headers?: Record<string, string>): SimReply {
  const { status, text } = ERRORS[code];
  return { status, body: { code, message: detail ? `${text}: ${detail}` : text, data }, ...(headers ? { headers } : {}) };
}

/** Thrown inside handlers to answer with an error reply; routes catch it (see `handled`). */
export class Refusal extends Error {
  constructor(readonly reply: SimReply) {
    super(String((reply.body as { message?: string }).message));
  }
}
export const refuse = (code: ErrorCode, detail?: string, data?: unknown): never => {
  throw new Refusal(fail(code, detail, data));
};

/** Wraps a handler so a thrown Refusal becomes its reply; anything else reaches the shell's E5000. */
export const handled =
  <A extends unknown[]>(fn: (...args: A) => SimReply | Promise<SimReply>) =>
  async (...args: A): Promise<SimReply> => {
    try {
      return await fn(...args);
    } catch (error) {
      if (error instanceof Refusal) return error.reply;
      throw error;
    }
  };

export const MARKET_REPLIES: NativeReplies = {
  outage: () => fail('E5030', '系统维护中，请稍后重试', null, { 'retry-after': '30' }),
  injectedError: () => fail('E5000', '请稍后重试'),
  rateLimited: () => fail('E4290', '超过每秒请求上限，请稍后重试', null, { 'retry-after': '1' }),
  notFound: (req) => fail('E4041', `${req.method} ${req.path}`),
  internalError: () => fail('E5000'),
  bodyTooLarge: () => fail('E4130', '请求体不得超过1MB'),
};
