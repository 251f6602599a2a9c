import { z } from 'zod';
import { isIsoDate } from '@district/domain';
import { CO_OWNERSHIP, MORTGAGE_METHOD, SEIZURE_KIND, TITLE_STATUS } from './codes.ts';

/**
 * The registry's reply bodies as fast-xml-parser yields them (every leaf a string, repeated
 * elements always arrays: message.ts), validated at the edge. Objects are not strict: a vendor
 * adding an element must not break us; a missing or malformed element we rely on does.
 */

const keysOf = <T extends Record<string, unknown>>(table: T) => Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];

/** yyyy-MM-dd: terms (期限). */
const isoDate = z.string().refine(isIsoDate, 'expected a yyyy-MM-dd date');
/** A term end the registry may leave empty. */
const optionalDate = z.union([z.literal(''), isoDate]).optional().transform((v) => v || null);
/** yyyy-MM-dd HH:mm:ss, China time: registration moments (DBSJ, ZXSJ, JFSJ). */
const moment = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected yyyy-MM-dd HH:mm:ss').refine((v) => isIsoDate(v.slice(0, 10)), 'not a calendar date');
/** m² or 万元 with decimals. */
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal');
const optionalDecimal = z.union([z.literal(''), decimal]).optional().transform((v) => v || null);
const optionalText = z.string().optional().transform((v) => v || null);
const required = z.string().min(1);

/** A list element: the registry writes an empty list as an empty element (''), never omits it. */
function list<T extends z.ZodType>(element: string, item: T) {
  return z.union([z.literal(''), z.object({ [element]: z.array(item) })]).transform((v) => (v === '' ? [] : (v as Record<string, z.infer<T>[]>)[element]));
}

export const MortgageWire = z.object({
  BDCDJZMH: required,
  BDCDYH: required,
  DYFS: z.enum(keysOf(MORTGAGE_METHOD)),
  /** 被担保主债权数额 (一般抵押) or 最高债权额 (最高额抵押), 万元. */
  BDBZZQSE: decimal.optional(),
  ZGZQSE: decimal.optional(),
  ZWLXQXQSSJ: optionalDate,
  ZWLXQXJSSJ: optionalDate,
  DYQR: required,
  DBSJ: moment,
  QSZT: z.enum(keysOf(TITLE_STATUS)),
  ZXSJ: moment.optional(),
}).refine((m) => (m.DYFS === '最高额抵押' ? m.ZGZQSE ?? m.BDBZZQSE : m.BDBZZQSE) !== undefined, 'a mortgage without its secured amount');
export type MortgageWire = z.infer<typeof MortgageWire>;

export const SeizureWire = z.object({
  BDCDYH: required,
  CFJG: required,
  CFWH: required,
  CFLX: z.enum(keysOf(SEIZURE_KIND)),
  CFQSSJ: optionalDate,
  CFJSSJ: optionalDate,
  DBSJ: moment,
  QSZT: z.enum(keysOf(TITLE_STATUS)),
  JFSJ: moment.optional(),
});
export type SeizureWire = z.infer<typeof SeizureWire>;

export const RightWire = z.object({
  BDCDYH: required,
  ZL: z.string(),
  BDCQZH: required,
  QLRMC: required,
  ZJZL: optionalText,
  ZJH: required,
  GYFS: z.enum(keysOf(CO_OWNERSHIP)),
  QLLX: z.string().regex(/^\d{1,3}$/, 'expected a 权利类型 code'),
  QLLXMC: z.string().optional(),
  QLXZ: optionalText,
  DJLX: required,
  DBSJ: moment,
  QSZT: z.enum(keysOf(TITLE_STATUS)),
  ZXSJ: moment.optional(),
  ZXYY: z.string().optional(),
  YT: optionalText,
  TDYT: optionalText,
  JZMJ: optionalDecimal,
  TNJZMJ: optionalDecimal,
  FTJZMJ: optionalDecimal,
  SYQQSSJ: optionalDate,
  SYQJSSJ: optionalDate,
  DYAQLIST: list('DYAQ', MortgageWire).optional().transform((v) => v ?? []),
  CFLIST: list('CF', SeizureWire).optional().transform((v) => v ?? []),
});
export type RightWire = z.infer<typeof RightWire>;

export const HolderWire = z.object({
  ZJH: required,
  QLRMC: z.string(),
  QLSL: z.string().regex(/^\d+$/),
  QLLIST: list('QL', RightWire),
}).refine((h) => Number(h.QLSL) === h.QLLIST.length, 'QLSL does not match the number of QL records');
export type HolderWire = z.infer<typeof HolderWire>;

/** CX_QLXX reply body: one QLR per distinct ZJH asked. */
export const RightsReply = z.object({ QLRLIST: list('QLR', HolderWire) });

export const UnitWire = z.object({
  BDCDYH: required,
  ZDDM: required,
  ZL: z.string(),
  ZDMJ: optionalDecimal,
  TDYT: optionalText,
  SYQQSSJ: optionalDate,
  SYQJSSJ: optionalDate,
  ZRZH: optionalText,
  HH: optionalText,
  SZC: optionalText,
  ZCS: z.union([z.literal(''), z.string().regex(/^\d+$/)]).optional().transform((v) => (v ? Number(v) : null)),
  GHYT: optionalText,
  FWJG: optionalText,
  JGSJ: z.union([z.literal(''), z.string().regex(/^\d{4}$/)]).optional().transform((v) => (v ? Number(v) : null)),
  JZMJ: optionalDecimal,
  TNJZMJ: optionalDecimal,
  FTJZMJ: optionalDecimal,
  QLLIST: list('QL', RightWire),
});
export type UnitWire = z.infer<typeof UnitWire>;

/** CX_BDCDY reply body: the units found, and the numbers the register does not know under WJL (无记录). */
export const UnitsReply = z.object({
  BDCDYLIST: list('BDCDY', UnitWire),
  WJL: list('BDCDYH', z.string()).optional(),
});

/** Response/Head. */
export const ReplyHead = z.object({
  Code: z.string().regex(/^\d{4}$/),
  Message: z.string().optional().default(''),
  SerialNo: z.string().optional().default(''),
});
