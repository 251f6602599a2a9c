import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SimReply } from '../sim/server.ts';
import { CODES, type ReplyCode } from './codes.ts';

/**
 * The exchange envelope (报文): <Request><Head>…</Head><Body>…</Body></Request> in,
 * <Response><Head><Code/><Message/><SerialNo/>…</Head><Body/></Response> out.
 */

/** A refusal in the registry's own words; routes turn it into a reply, never a stack trace. */
export class RegistryError extends Error {
  constructor(readonly reply: ReplyCode, readonly detail?: string) {
    super(detail ? `${reply.message}: ${detail}` : reply.message);
  }
}

export interface RequestHead {
  bizCode: string;
  senderId: string;
  apiKey: string;
  /** 业务流水号: echoed in the reply, and the idempotency key of writes. */
  serialNo: string;
  timestamp: string;
}

export interface ParsedRequest {
  head: RequestHead;
  /** The Body element as parsed: leaves are strings; ZJH and BDCDYH are always arrays. */
  body: Record<string, unknown>;
}

/** Elements that may repeat in a Body: parsed as arrays even when there is one. */
const REPEATABLE = new Set(['Request.Body.ZJH', 'Request.Body.BDCDYH']);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay strings: a USCC or a code like "0000" must never become a number.
  parseTagValue: false,
  trimValues: true,
  jPath: true,
  isArray: (_name, jPath) => REPEATABLE.has(String(jPath)),
});

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false });

const HEAD_FIELDS = { bizCode: 'BizCode', senderId: 'SenderId', apiKey: 'ApiKey', serialNo: 'SerialNo', timestamp: 'Timestamp' } as const;

/** A Head/Body leaf as a string, or '' when absent; anything structured where text belongs is malformed. */
export function text(value: unknown, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  throw new RegistryError(CODES.BAD_PARAMETER, `${where} must be text, not nested elements`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseRequest(raw: Buffer, contentType: string | undefined): ParsedRequest {
  if (contentType && !/\b(application|text)\/xml\b/i.test(contentType)) {
    throw new RegistryError(CODES.MALFORMED, `Content-Type must be application/xml, got "${contentType}"`);
  }
  const xml = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (!xml.trim()) throw new RegistryError(CODES.MALFORMED, '请求报文为空 (empty body)');
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw new RegistryError(CODES.MALFORMED, `XML不合法 (line ${verdict.err.line}, col ${verdict.err.col ?? '?'}): ${verdict.err.msg}`);
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    // The validator passed but the parser refused (e.g. entity expansion limits): still the caller's XML.
    throw new RegistryError(CODES.MALFORMED, `XML无法解析: ${error instanceof Error ? error.message : String(error)}`);
  }
  const request = isRecord(doc) ? doc.Request : undefined;
  if (!isRecord(request)) throw new RegistryError(CODES.MALFORMED, 'root element must be <Request>');
  if (!isRecord(request.Head)) throw new RegistryError(CODES.MALFORMED, '<Request> must contain <Head>');
  const body = request.Body === undefined || request.Body === '' ? {} : request.Body;
  if (!isRecord(body)) throw new RegistryError(CODES.MALFORMED, '<Body> must contain elements');
  const headNode = request.Head;
  const head = Object.fromEntries(
    Object.entries(HEAD_FIELDS).map(([key, element]) => [key, text(headNode[element], `Head/${element}`)]),
  ) as unknown as RequestHead;
  return { head, body };
}

/** Best effort: the SerialNo of a request that failed before it was fully read, to echo it. */
export function serialNoOf(raw: Buffer): string {
  const m = /<SerialNo>\s*([^<]{1,64}?)\s*<\/SerialNo>/.exec(raw.toString('utf8'));
  return m ? m[1] : '';
}

/** yyyy-MM-dd HH:mm:ss in China Standard Time (UTC+8), as the registry stamps replies. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export interface ResponseArgs {
  reply: ReplyCode;
  detail?: string;
  serialNo?: string;
  body?: Record<string, unknown>;
  now?: Date;
  headers?: Record<string, string>;
}

export function renderResponse({ reply, detail, serialNo = '', body, now = new Date(), headers }: ResponseArgs): SimReply {
  const document = {
    Response: {
      Head: { Code: reply.code, Message: detail ? `${reply.message}: ${detail}` : reply.message, SerialNo: serialNo, Timestamp: chinaTime(now) },
      Body: body ?? '',
    },
  };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
  return { status: reply.http, body: xml, contentType: 'application/xml; charset=utf-8', headers };
}
