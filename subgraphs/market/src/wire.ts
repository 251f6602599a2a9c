import { z } from 'zod';
import { isIsoDate } from '@district/domain';

/**
 * The registry's wire format (backends/docs/market.md), validated at the edge: a payload that does
 * not parse is a BAD_RESPONSE, never a half-read record. Objects are not strict, so a field the
 * registry adds later does not break us; fields we read are checked.
 */

const date = z.string().refine(isIsoDate, { error: 'must be a yyyy-MM-dd date' });
/** 万元 (or yuan) amounts arrive as decimal strings. */
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

/** The envelope every reply uses, errors included. `data` is checked per endpoint. */
export const EnvelopeSchema = z.object({
  code: z.string(),
  message: z.string(),
  data: z.unknown(),
});

export const ChangeWire = z.object({
  altId: z.string(),
  altItem: z.string(), // 变更事项 code: 01 名称, 02 住所, 03 法定代表人, 04 注册资本, 05 经营范围
  altItemCn: z.string(),
  altBe: z.string().nullable(),
  altAf: z.string().nullable(),
  altDate: date,
});

export const BranchWire = z.object({
  uniscId: z.string(),
  brName: z.string(),
  estDate: date,
  regState: z.string(),
});

export const AbnormalEntryWire = z.object({
  abnId: z.string(),
  speCause: z.string(), // 列入原因 code 1–4
  speCauseCn: z.string(),
  abnTime: date,
  decOrg: z.string(),
  remExcpRes: z.string().nullable(),
  remDate: date.nullable(),
  reDecOrg: z.string().nullable(),
});

const count = z.number().int().min(0);
export const AnnualReportWire = z.object({
  ancheYear: z.number().int(),
  ancheState: z.string(), // 已公示 / 未公示
  ancheDate: date.nullable(),
  baseInfo: z.object({ entName: z.string(), dom: z.string(), empNum: count }).nullable(),
  socialSecurity: z.object({ so110: count, so210: count, so310: count, so410: count, so510: count }).nullable(),
  assets: z.object({
    assGro: decimal, liaGro: decimal, totEqu: decimal, vendInc: decimal, maiBusInc: decimal, proGro: decimal, netInc: decimal, ratGro: decimal,
  }).nullable(),
});

/** 登记信息, plus the lists a batch `include` asked for. */
export const RecordWire = z.object({
  uniscId: z.string(),
  entName: z.string(),
  entType: z.string().nullable(),
  entTypeCn: z.string().nullable(),
  regCap: decimal.nullable(),
  regCapCur: z.string().nullable(),
  estDate: date,
  opFrom: date.nullable(),
  opTo: date.nullable(),
  lerep: z.string(),
  lerepCerType: z.string().nullable(),
  lerepCerNo: z.string(),
  dom: z.string(),
  buildingCode: z.string().nullable().optional(),
  opScope: z.string(),
  industryPhy: z.string().nullable(),
  industryPhyCn: z.string().nullable(),
  regOrg: z.string(),
  apprDate: date,
  regState: z.string(),
  regStateDate: date.nullable(),
  revDate: date.nullable(),
  canDate: date.nullable(),
  parentUniscId: z.string().nullable(),
  changes: z.array(ChangeWire).optional(),
  branches: z.array(BranchWire).optional(),
  annualReports: z.array(AnnualReportWire).optional(),
  abnormalEntries: z.array(AbnormalEntryWire).optional(),
});
export type RecordWire = z.infer<typeof RecordWire>;

export const BatchData = z.object({ list: z.array(RecordWire) });
export const SearchData = z.object({ total: count, list: z.array(RecordWire) });

/** 设立登记 reply: the new record with the 营业执照编号. */
export const EstablishmentReplyData = z.looseObject({ uniscId: z.string().length(18), licenceNo: z.string().min(1), estDate: date });
/** 变更登记 reply: one 变更记录 per item, and the record after the change. */
export const ChangeReplyData = z.looseObject({
  uniscId: z.string().length(18),
  altRecords: z.array(ChangeWire),
  enterprise: z.looseObject({ apprDate: date.nullable().optional() }),
});
/** 注销登记 reply. */
export const DeregistrationReplyData = z.looseObject({ uniscId: z.string().length(18), canDate: date, regState: z.string() });
