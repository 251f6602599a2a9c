import { z } from 'zod';
import { isIsoDate } from '@district/domain';

/**
 * The platform's wire format (backends/docs/medical-insurance.md), checked at the edge: every
 * reply is parsed here before anything reads it, so a drift in the platform's payloads becomes a
 * BAD_RESPONSE naming the field instead of a wrong answer. Objects are not strict: the platform
 * may add fields without breaking us.
 */

const isoDate = z.string().refine(isIsoDate, 'expected a date yyyy-MM-dd');
/** 年月 yyyyMM. */
const ym = z.string().regex(/^\d{4}(0[1-9]|1[0-2])$/, 'expected a month yyyyMM');
const code = z.string().min(1);
const yuan = z.number().finite();
const count = z.number().int().min(0);
const text = z.string().nullish();

/** The reply envelope: infcode 0 with output, or -1 with err_msg. */
export const FsiReply = z.object({
  infcode: z.number().int(),
  inf_refmsgid: z.string().nullish(),
  err_msg: z.string().nullish(),
  output: z.unknown(),
});
export type FsiReply = z.infer<typeof FsiReply>;

/** 1301 empinfo: 单位基本信息. */
const EmpInfo = z.object({
  emp_no: code,
  emp_name: z.string(),
  uscc: z.string(),
  emp_type: code,
  emp_type_name: text,
  insu_admdvs: z.string(),
  reg_date: isoDate,
  emp_insu_stas: code,
  stas_chg_date: isoDate.nullish(),
  conaddr: text,
  legrep_name: text,
  legrep_certno: text,
  legrep_tel: text,
  agnter_name: text,
  agnter_mob: text,
  bank_name: text,
  bankacct: text,
});

/** 1301 arrears: the 欠费 summary. */
const ArrearsSummary = z.object({
  arrears_flag: z.enum(['0', '1']),
  arrears_months: count,
  arrears_sumamt: yuan,
  earliest_ym: ym.nullish(),
  latest_ym: ym.nullish(),
});

/** 1301 单位参保信息查询. An employer not on file answers with empinfo null; one on file must carry all parts. */
export const EmployerInfoOutput = z
  .object({
    empinfo: EmpInfo.nullable(),
    insuinfo: z.array(z.object({ insutype: code, insutype_name: text, begndate: isoDate.nullish() })).nullish(),
    psncnt: z.object({ psn_cnt_in_service: count, psn_cnt_retired: count }).nullable(),
    arrears: ArrearsSummary.nullable(),
  })
  .refine((o) => o.empinfo === null || (o.psncnt !== null && o.arrears !== null), {
    message: 'an employer on file must come with psncnt and arrears',
  });
export type EmployerInfoOutput = z.infer<typeof EmployerInfoOutput>;

/** The common shape of 1302–1304: the employer (null when not on file) and its rows. */
const listing = <T extends z.ZodType>(row: T) => z.object({ emp_no: z.string().nullable(), emp_name: z.string().nullable(), data: z.array(row) });

/** 1302 参保人数月度快照. */
export const HeadcountsOutput = listing(z.object({ stt_ym: ym, psn_cnt_in_service: count, psn_cnt_retired: count }));
export type HeadcountsOutput = z.infer<typeof HeadcountsOutput>;

/** 1303 单位缴费记录查询. */
export const ContributionsOutput = listing(
  z.object({
    fee_ym: ym,
    insutype: code,
    insutype_name: text,
    psn_cnt: count,
    clct_base: yuan,
    emp_clct_amt: yuan,
    psn_clct_amt: yuan,
    clct_sumamt: yuan,
    arvl_amt: yuan,
    clct_date: isoDate.nullable(),
    clct_org: code,
    clct_org_name: text,
  }),
);
export type ContributionsOutput = z.infer<typeof ContributionsOutput>;

/** 1304 单位欠费查询. */
export const ArrearsOutput = listing(z.object({ fee_ym: ym, insutype: code, arrears_amt: yuan })).extend({ arrears_sumamt: yuan });
export type ArrearsOutput = z.infer<typeof ArrearsOutput>;

/** The transactions this subgraph reads, and the output each must parse as. */
export const READS = {
  '1301': EmployerInfoOutput,
  '1302': HeadcountsOutput,
  '1303': ContributionsOutput,
  '1304': ArrearsOutput,
} as const;
export type ReadInfno = keyof typeof READS;

/** The write transactions, and the output each must parse as (objects not strict: fields added later do not break us). */
export const WRITES = {
  '3301': z.looseObject({ emp_no: z.string().min(1), uscc: z.string(), reg_date: isoDate }),
  '3302': z.looseObject({ emp_no: z.string().min(1), uscc: z.string(), chg_date: isoDate }),
  '3303': z.looseObject({ emp_no: z.string().min(1), uscc: z.string(), cancel_date: isoDate }),
} as const;
export type WriteInfno = keyof typeof WRITES;
