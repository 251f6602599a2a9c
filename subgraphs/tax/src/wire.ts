import { z } from 'zod';
import { dateFromCompact, moneyFromYuanString } from '@district/domain';
import { CLEARANCE_PATH, CREDIT_GRADES, QUOTA_STATUS, RATING_SOURCE, TAXPAYER_KIND } from './codes.ts';

/**
 * zod schemas of what the 税务 bus sends, checked at the edge. Dates (yyyyMMdd) become ISO dates
 * and amounts (yuan strings) become Money here, so a payload that parses is already safe to map.
 * Small closed code tables (grades, 清税方式…) are strict: an unknown value there is a malformed
 * record. Open ones (纳税人状态, 征收项目) are plain strings, translated leniently in codes.ts.
 */

const date = z.string().transform((s, ctx) => {
  const iso = dateFromCompact(s);
  if (iso === null) ctx.addIssue({ code: 'custom', message: `not a yyyyMMdd date: "${s}"` });
  return iso ?? z.NEVER;
});
/** An optional date: null, absent or "" all mean none. */
const optionalDate = z.union([z.literal(''), z.null(), z.undefined(), date]).transform((v) => v || null);
const amount = z.string().regex(/^-?\d+\.\d{2}$/, 'amount must be yuan with two decimals').transform(moneyFromYuanString);
const text = z.string().nullish().transform((v) => v ?? null);
const codeOf = <T extends Record<string, string>>(table: T) => z.enum(Object.keys(table) as [keyof T & string, ...(keyof T & string)[]]);

/** The reply envelope's head. 900 and 999 replies carry no tranSeq. */
export const ReplyHead = z.object({ rtnCode: z.string(), rtnMsg: z.string().default(''), tranSeq: z.string().optional() });
export const Reply = z.object({ head: ReplyHead, body: z.unknown() });

/** The combined query's body; each entry is checked on its own (see adapter.ts). */
export const CombinedBody = z.object({
  sjjzrq: date,
  nsrList: z.array(z.looseObject({ nsrsbh: z.string() })),
  notFound: z.array(z.string()).default([]),
});
export const EntryKeys = z.looseObject({ nsrsbh: z.string(), djxh: z.string(), nsrmc: z.string().min(1) });

/** 清税证明 (税务事项通知书). */
const Certificate = z.object({ wsh: z.string().min(1), wsmc: z.string(), kjrq: date, qsfsDm: codeOf(CLEARANCE_PATH), qsfsMc: z.string() });

/** 登记信息 (DJXX). */
export const Registration = z.object({
  nsrsbh: z.string(), nsrmc: z.string(), cym: text,
  nsrztDm: z.string().min(1), nsrztMc: z.string(),
  djrq: optionalDate,
  nsrlxDm: codeOf(TAXPAYER_KIND), nsrlxMc: z.string(),
  zgswjgDm: z.string(), zgswjgMc: z.string(), zgswskfjDm: text, zgswskfjMc: text,
  hyDm: text, hyMc: text, zcdz: text, scjydz: text,
  fddbrxm: text, fddbrsfzjlxDm: text, fddbrsfzjhm: text, cwfzrxm: text, bsrxm: text,
  zjgnsrsbh: text, fzcrdrq: optionalDate, zxrq: optionalDate,
  qszm: Certificate.nullish().transform((v) => v ?? null),
});

/** 纳税信用等级 (XYDJ), one per 评定年度. */
export const Rating = z.object({
  pdnd: z.string().regex(/^\d{4}$/), xydj: z.enum(CREDIT_GRADES),
  pf: z.string().regex(/^\d+(\.\d+)?$/).nullish().transform((v) => (v == null ? null : Number(v))),
  pjlyDm: codeOf(RATING_SOURCE), pjlyMc: z.string(), pjbfMc: text, fbrq: optionalDate,
});

const Period = { zsxmDm: z.string(), zsxmMc: z.string(), sssqq: date, sssqz: date };

/** 申报 and 逾期未申报 (SBXX). */
export const Declaration = z.object({ ...Period, pzxh: z.string(), sbqx: date, sbrq: date, jsyj: amount, ynse: amount, jmse: amount, ybtse: amount });
export const Overdue = z.object({ ...Period, sbqx: date });
/** 缴款 (JKXX). */
export const Payment = z.object({ ...Period, dzsphm: z.string().min(1), pzxh: text, sjje: amount, jkrq: date });
/** 欠税 and 欠税合计 (QSXX). */
export const Arrear = z.object({ ...Period, jkqx: date, qsje: amount, znjts: z.number().int().min(0), znj: amount, znjjsrq: date });
export const ArrearsTotal = z.object({ qsje: amount, znj: amount, hj: amount });
/** 发票额度 (FPED), null once the taxpayer is closed. */
export const Quota = z.object({
  sxyf: z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/), sxzed: amount, ysyed: amount, syed: amount,
  edztDm: codeOf(QUOTA_STATUS), edztMc: z.string(), kjfpfs: z.number().int().min(0), qdfpfs: z.number().int().min(0),
});

/** The block(s) each query kind adds to an entry. */
export const KIND_BLOCKS = {
  DJXX: z.object({ djxx: Registration }),
  XYDJ: z.object({ xydjList: z.array(Rating) }),
  SBXX: z.object({ sbxxList: z.array(Declaration), yqwsbList: z.array(Overdue) }),
  JKXX: z.object({ jkxxList: z.array(Payment) }),
  QSXX: z.object({ qsxxList: z.array(Arrear), qshj: ArrearsTotal }),
  FPED: z.object({ fped: Quota.nullable() }),
} as const;
export type KindBlocks = { [K in keyof typeof KIND_BLOCKS]: z.output<(typeof KIND_BLOCKS)[K]> };
