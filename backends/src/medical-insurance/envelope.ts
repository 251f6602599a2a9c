import type { NativeReplies, SimReply } from '../sim/server.ts';
import { FSI_ERROR, INFNO, INSU_ADMDVS, isInfno, type FsiError, type Infno } from './codes.ts';

/**
 * The platform's message envelope (医疗保障信息平台 通用报文): one JSON request shape for every
 * transaction, one response shape, and HTTP 200 even for business errors. Only a broken gateway
 * (nginx in front of the platform) answers with another status, as an HTML page.
 */

export interface FsiRequest {
  infno: Infno; // 交易编号
  msgid: string; // 发送方报文ID, unique per message
  recer_sys_code: string; // 接收方系统代码 (identifies the caller's registration here)
  sign_no: string; // 签名号 (签到 result in the real platform)
  inf_time: string; // 交易时间 yyyy-MM-dd HH:mm:ss
  infver: string; // 接口版本号
  insuplc_admdvs: string; // 参保地医保区划
  mdtrtarea_admvs: string; // 就医地医保区划
  opter: string; // 经办人
  opter_name: string;
  opter_type: string; // 经办人类别
  fixmedins_code: string; // 定点医药机构编号 (the sending organisation)
  fixmedins_name: string;
  input: Record<string, unknown>;
}

export interface FsiResponse {
  infcode: number; // 0 success, negative failure
  inf_refmsgid: string; // 接收方报文ID, the platform's own
  refmsg_time: string; // 接收报文时间 yyyyMMddHHmmssSSS
  respond_time: string; // 响应报文时间
  err_msg: string | null;
  output: unknown;
}

/** A business failure, thrown anywhere in a handler and rendered as infcode -1. */
export class FsiFailure extends Error {
  constructor(readonly code: FsiError, readonly text: string) {
    super(`[${code}] ${text}`);
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Beijing wall-clock parts (UTC+8, no DST), whatever the host's zone. */
function beijing(date: Date) {
  const d = new Date(date.getTime() + 8 * 3_600_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    compact: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

/** Stamps replies: platform message ids ("370212" + yyyyMMddHHmmss + 10-digit sequence = 30) and times. */
export class Clock {
  private sequence = 0;
  constructor(readonly now: () => Date) {}
  /** Today's date in Beijing. */
  today(): string {
    return beijing(this.now()).date;
  }
  stamp(): string {
    const b = beijing(this.now());
    return b.compact + b.millis;
  }
  private refmsgid(): string {
    this.sequence = (this.sequence + 1) % 10_000_000_000;
    return INSU_ADMDVS + beijing(this.now()).compact + pad(this.sequence, 10);
  }
  reply(output: unknown, receivedAt = this.stamp()): FsiResponse {
    return { infcode: 0, inf_refmsgid: this.refmsgid(), refmsg_time: receivedAt, respond_time: this.stamp(), err_msg: null, output };
  }
  failure(code: FsiError, text: string, receivedAt = this.stamp()): FsiResponse {
    return { infcode: -1, inf_refmsgid: this.refmsgid(), refmsg_time: receivedAt, respond_time: this.stamp(), err_msg: `[${code}] ${text}`, output: null };
  }
}

export const json = (body: FsiResponse): SimReply => ({ status: 200, body, contentType: 'application/json;charset=UTF-8' });

/** The bare page nginx serves for its own errors, byte for byte in spirit. */
const nginxPage = (status: number, title: string): SimReply => ({
  status,
  contentType: 'text/html',
  headers: { server: 'nginx' },
  body: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

export function nativeReplies(clock: Clock): NativeReplies {
  const internal = () => json(clock.failure(FSI_ERROR.internal, '系统内部错误'));
  return {
    outage: () => nginxPage(502, 'Bad Gateway'),
    injectedError: internal,
    internalError: internal,
    rateLimited: () => json(clock.failure(FSI_ERROR.rateLimited, '访问频率超过限制，请稍后重试')),
    notFound: () => nginxPage(404, 'Not Found'),
    bodyTooLarge: () => nginxPage(413, 'Request Entity Too Large'),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TEXT_FIELDS = ['infver', 'insuplc_admdvs', 'mdtrtarea_admvs', 'opter', 'opter_name', 'opter_type', 'fixmedins_code', 'fixmedins_name'] as const;
export const SUPPORTED = Object.entries(INFNO).map(([code, name]) => `${code} ${name}`).join('、');

/**
 * Parses and checks the envelope. Authentication is checked by the caller between the presence of
 * recer_sys_code/sign_no and everything else, so `credentialsOk` is passed in.
 */
export function parseRequest(body: Buffer, credentialsOk: (code: string, sign: string) => boolean): FsiRequest {
  const bad = (text: string) => new FsiFailure(FSI_ERROR.badRequest, text);
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw bad(`报文格式错误：请求体不是合法的 JSON（${body.length === 0 ? '请求体为空' : (error as Error).message}）`);
  }
  if (Array.isArray(raw)) throw bad('不支持批量报文：一次调用只能发送一个报文对象');
  if (!isObject(raw)) throw bad('报文格式错误：请求体必须是 JSON 对象');
  const text = (key: string, required: boolean): string => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (required) throw bad(`缺少必填字段 ${key}`);
      return '';
    }
    if (typeof v !== 'string') throw bad(`字段 ${key} 必须是字符串`);
    return v;
  };
  const recer = text('recer_sys_code', true);
  const sign = text('sign_no', true);
  if (!credentialsOk(recer, sign)) throw new FsiFailure(FSI_ERROR.unauthorized, '签名校验失败：接收方系统代码 recer_sys_code 或签名号 sign_no 无效');

  const infno = text('infno', true);
  if (!isInfno(infno)) throw bad(`交易编号 infno "${infno}" 不存在；本系统支持：${SUPPORTED}`);
  const msgid = text('msgid', true);
  if (!/^[0-9A-Za-z_-]{1,30}$/.test(msgid)) throw bad(`报文ID msgid 须为 1–30 位字母、数字、下划线或连字符（建议 发送方代码 + yyyyMMddHHmmss + 顺序号，共 30 位），收到 "${msgid}"`);
  const inf_time = text('inf_time', true);
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(inf_time)) throw bad(`交易时间 inf_time 格式须为 yyyy-MM-dd HH:mm:ss，收到 "${inf_time}"`);
  const rest = Object.fromEntries(TEXT_FIELDS.map((k) => [k, text(k, false)])) as Record<(typeof TEXT_FIELDS)[number], string>;
  for (const key of ['insuplc_admdvs', 'mdtrtarea_admvs'] as const) {
    if (rest[key] && !/^\d{6}$/.test(rest[key])) throw bad(`医保区划 ${key} 须为 6 位数字，收到 "${rest[key]}"`);
  }
  if (rest.insuplc_admdvs && rest.insuplc_admdvs !== INSU_ADMDVS) {
    throw bad(`参保地医保区划 insuplc_admdvs ${rest.insuplc_admdvs} 不属于本系统（${INSU_ADMDVS} 崂山区）`);
  }
  const input = raw.input;
  if (input === undefined || input === null) throw bad('缺少必填字段 input');
  if (Array.isArray(input)) throw bad('不支持批量查询：input 必须是单个对象，每次调用只能处理一个单位');
  if (!isObject(input)) throw bad('字段 input 必须是 JSON 对象');
  return { infno, msgid, recer_sys_code: recer, sign_no: sign, inf_time, ...rest, infver: rest.infver || 'V1.0', input };
}
