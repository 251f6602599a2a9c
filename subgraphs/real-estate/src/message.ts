import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { DepartmentUnavailableError } from '@district/domain';
import { type TransportResponse } from '@district/department-access';
import { ReplyHead } from './wire.ts';

/**
 * The exchange envelope (报文) of the registry: <Request><Head/><Body/></Request> out,
 * <Response><Head><Code/>…</Head><Body/></Response> back. What a reply's Head/Code means is
 * native-errors.ts's: every business reply is HTTP 200, so the code decides.
 */

const DEPT = 'REAL_ESTATE' as const;

export interface RequestHead {
  bizCode: string;
  senderId: string;
  apiKey: string;
  /** 业务流水号: 1–64 of [A-Za-z0-9_-]; the reply echoes it. */
  serialNo: string;
  /** yyyy-MM-dd HH:mm:ss, China time. */
  timestamp: string;
}

/** The builder escapes every value (&, <, >, quotes), so no caller-supplied text can change the document. */
const builder = new XMLBuilder({ suppressEmptyNode: false });

export function renderRequest(head: RequestHead, body: Record<string, unknown>): string {
  const document = {
    Request: {
      Head: { BizCode: head.bizCode, SenderId: head.senderId, ApiKey: head.apiKey, SerialNo: head.serialNo, Timestamp: head.timestamp },
      Body: body,
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(document)}`;
}

/** Elements that repeat: arrays even when there is one, so one record never looks different from two. */
const REPEATED = new Set(['QLR', 'QL', 'DYAQ', 'CF', 'BDCDY']);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Every value stays text: a code like "0000" or a USCC must never become a number.
  parseTagValue: false,
  trimValues: true,
  jPath: true,
  isArray: (name, jPath) => REPEATED.has(name) || String(jPath).endsWith('WJL.BDCDYH'),
});

export interface Reply {
  code: string;
  message: string;
  serialNo: string;
  body: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const badResponse = (httpStatus: number) => new DepartmentUnavailableError(DEPT, 'BAD_RESPONSE', { httpStatus });

/** Reads the reply document; anything that is not the registry's envelope is a bad response (or, on 5xx, a failure). */
export function parseDocument(res: TransportResponse): Reply {
  const text = res.text.replace(/^\uFEFF/, '');
  // A registry reply never declares a DTD; refusing one keeps entity definitions from rewriting values.
  const wellFormed = text.trim() !== '' && !/<!DOCTYPE/i.test(text) && XMLValidator.validate(text) === true;
  const doc: unknown = wellFormed ? parser.parse(text) : undefined;
  const response = isRecord(doc) ? doc.Response : undefined;
  const head = ReplyHead.safeParse(isRecord(response) ? response.Head : undefined);
  if (!isRecord(response) || !head.success) {
    if (res.status >= 500) throw new DepartmentUnavailableError(DEPT, 'ERROR', { httpStatus: res.status });
    throw badResponse(res.status);
  }
  return { code: head.data.Code, message: head.data.Message, serialNo: head.data.SerialNo, body: response.Body ?? '' };
}

/** yyyy-MM-dd HH:mm:ss in China Standard Time (UTC+8), the registry's clock. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
