import type { NativeReplies, Route, SimReply, SimRequest } from '../sim/server.ts';

/**
 * The 金税-style message envelope: `{ head, body }` both ways. Business errors are HTTP 200 with
 * their own 返回码 (rtnCode) in the head, as such service buses answer; only the front proxy
 * speaks HTTP status codes (503 outage, 404 unknown path, 413 body too large), with its HTML page.
 */

export const RTN = {
  OK: { code: '000', text: '交易成功' },
  AUTH_FAILED: { code: '100', text: '渠道认证失败' },
  NO_SUCH_SERVICE: { code: '101', text: '服务不存在' },
  BAD_MESSAGE: { code: '102', text: '报文解析失败' },
  BAD_HEAD: { code: '103', text: '报文头校验失败' },
  TRAN_ID_MISMATCH: { code: '104', text: '服务代码与请求地址不一致' },
  BAD_PARAMETER: { code: '200', text: '参数校验失败' },
  BATCH_TOO_LARGE: { code: '201', text: '批量查询数量超过上限50' },
  BAD_TAXPAYER_ID: { code: '202', text: '纳税人识别号校验失败' },
  TAXPAYER_NOT_FOUND: { code: '300', text: '纳税人不存在' },
  ALREADY_REGISTERED: { code: '301', text: '纳税人已登记，不能重复办理新办纳税人信息确认' },
  STATUS_FORBIDS: { code: '302', text: '纳税人状态不允许办理该业务' },
  CLEARANCE_REFUSED: { code: '310', text: '清税申报未通过' },
  SEQ_CONFLICT: { code: '400', text: '交易流水号重复且报文内容不一致' },
  BUSY: { code: '900', text: '系统繁忙，请稍后再试' },
  SYSTEM_ERROR: { code: '999', text: '系统异常' },
} as const;
export type Rtn = (typeof RTN)[keyof typeof RTN];

/** The request head every call carries. */
export interface RequestHead { channelId: string; token: string; tranId: string; tranSeq: string; tranDate: string; tranTime: string }
const HEAD_FIELDS = ['channelId', 'token', 'tranId', 'tranSeq', 'tranDate', 'tranTime'] as const;

/** Thrown by a service to answer with a non-000 rtnCode (and optionally a body, e.g. refusal reasons). */
export class TaxError extends Error {
  constructor(readonly rtn: Rtn, readonly detail?: string, readonly body: unknown = {}, readonly tranSeq?: string) {
    super(detail ? `${rtn.text}: ${detail}` : rtn.text);
  }
}

export const message = (rtn: Rtn, detail?: string): string => (detail ? `${rtn.text}: ${detail}` : rtn.text);

/** What a service answers: its rtnCode (with optional detail) and body; writes store it per tranSeq. */
export interface ServiceResult { rtn: Rtn; detail?: string; body: unknown }
export const success = (body: unknown): ServiceResult => ({ rtn: RTN.OK, body });

/** A reply in the envelope; tranSeq is echoed whenever the request head could be read. */
export function reply(rtn: Rtn, body: unknown = {}, tranSeq?: string, detail?: string): SimReply {
  return { status: 200, body: { head: { rtnCode: rtn.code, rtnMsg: message(rtn, detail), ...(tranSeq !== undefined ? { tranSeq } : {}) }, body } };
}

const isDate = (s: string): boolean => {
  if (!/^\d{8}$/.test(s)) return false;
  const d = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10).replaceAll('-', '') === s;
};
const isTime = (s: string): boolean => /^([01]\d|2[0-3])[0-5]\d[0-5]\d$/.test(s);

/** Reads and checks the envelope in the order a bus does: parse, head, channel, service code. */
export function openEnvelope(req: SimRequest, tranId: string, credentials: { channelId: string; token: string }): { head: RequestHead; body: Record<string, unknown> } {
  let json: unknown;
  try {
    json = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new TaxError(RTN.BAD_MESSAGE, '请求体不是合法的JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TaxError(RTN.BAD_MESSAGE, '报文应为 {"head": {...}, "body": {...}} 形式的JSON对象');
  const { head, body } = json as { head?: unknown; body?: unknown };
  if (typeof head !== 'object' || head === null || Array.isArray(head)) throw new TaxError(RTN.BAD_HEAD, '缺少报文头 head');
  const h = head as Record<string, unknown>;
  const missing = HEAD_FIELDS.filter((f) => typeof h[f] !== 'string' || (h[f] as string).trim() === '');
  if (missing.length) throw new TaxError(RTN.BAD_HEAD, `缺少必填字段 ${missing.join(', ')}`);
  const rh = Object.fromEntries(HEAD_FIELDS.map((f) => [f, h[f] as string])) as unknown as RequestHead;
  if (rh.channelId !== credentials.channelId || rh.token !== credentials.token) throw new TaxError(RTN.AUTH_FAILED, `渠道 ${rh.channelId} 的标识或令牌无效`);
  // From here on the caller is known: echo its serial number.
  const withSeq = (rtn: Rtn, detail: string) => new TaxError(rtn, detail, {}, rh.tranSeq);
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(rh.tranSeq)) throw withSeq(RTN.BAD_HEAD, 'tranSeq 应为1至64位字母、数字、下划线或连字符');
  if (!isDate(rh.tranDate)) throw withSeq(RTN.BAD_HEAD, `tranDate 应为yyyyMMdd格式的日期，实际为 "${rh.tranDate}"`);
  if (!isTime(rh.tranTime)) throw withSeq(RTN.BAD_HEAD, `tranTime 应为HHmmss格式的时间，实际为 "${rh.tranTime}"`);
  if (rh.tranId !== tranId) throw withSeq(RTN.TRAN_ID_MISMATCH, `报文头 tranId 为 ${rh.tranId}，请求地址对应 ${tranId}`);
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw withSeq(RTN.BAD_PARAMETER, 'body 应为JSON对象');
  return { head: rh, body: (body ?? {}) as Record<string, unknown> };
}

/** A front proxy's HTML error page, as nginx sends it. */
const proxyPage = (status: number, title: string): SimReply => ({
  status,
  contentType: 'text/html',
  body: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** Path prefix of the service bus; anything else is answered by the proxy itself. */
export const ESB_PREFIX = '/gt3/esb/';

export const TAX_REPLIES: NativeReplies = {
  outage: () => proxyPage(503, 'Service Temporarily Unavailable'),
  injectedError: () => reply(RTN.SYSTEM_ERROR),
  rateLimited: () => reply(RTN.BUSY),
  notFound: ({ method, path }) =>
    path.startsWith(ESB_PREFIX)
      ? reply(RTN.NO_SUCH_SERVICE, {}, undefined, method === 'POST' ? path.slice(ESB_PREFIX.length) : `仅支持POST，收到 ${method}`)
      : proxyPage(404, 'Not Found'),
  internalError: () => reply(RTN.SYSTEM_ERROR),
  bodyTooLarge: () => proxyPage(413, 'Request Entity Too Large'),
};

/**
 * One service of the bus: POST {ESB_PREFIX}{tranId}, counted under the tranId in /__sim/stats.
 * The envelope is checked first; a TaxError becomes its rtnCode, anything else the shell's 999.
 */
export function serviceRoute(
  tranId: string,
  credentials: { channelId: string; token: string },
  handle: (head: RequestHead, body: Record<string, unknown>) => ServiceResult,
): Route {
  return {
    method: 'POST', path: ESB_PREFIX + tranId, name: tranId,
    handle: (req) => {
      let tranSeq: string | undefined;
      try {
        const { head, body } = openEnvelope(req, tranId, credentials);
        tranSeq = head.tranSeq;
        const result = handle(head, body);
        return reply(result.rtn, result.body, tranSeq, result.detail);
      } catch (error) {
        if (error instanceof TaxError) return reply(error.rtn, error.body, error.tranSeq ?? tranSeq, error.detail);
        throw error;
      }
    },
  };
}
