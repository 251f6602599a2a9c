import { z } from 'zod';
import { checkUscc, describeUsccProblem } from '@district/domain';
import { isValidIdCard } from '@district/domain';
import { compact } from '@district/dataset/dates';
import type { Route } from '../sim/server.ts';
import {
  CLOSED_STATUSES, ID_TYPE_RESIDENT_CARD, INDUSTRY_BY_SECTION, NEW_TAXPAYER_QUOTA_YUAN, REFUSAL_REASON, TAX_BUREAU, TAXPAYER_STATUS,
  TRAN_ID, VAT_KIND, noticeNumber, type ClearancePathCode,
} from './codes.ts';
import { officeFor } from './core.ts';
import { RTN, TaxError, serviceRoute, success, type RequestHead, type ServiceResult } from './envelope.ts';
import { quotaRecord } from './quota.ts';
import { certificate, type TaxRegistrationRecord } from './records.ts';
import { lookupTaxpayer } from './state.ts';
import type { ReadContext } from './routes-read.ts';

export interface WriteContext extends ReadContext {
  /** The business date (ISO) of a write: the wall clock in China, never before the dataset's asOf. */
  businessDate(): string;
}

const text = (field: string, max: number) => z.string({ error: `${field} 必填且应为字符串` }).trim().min(1, `${field} 不能为空`).max(max, `${field} 不能超过${max}个字符`);

/** 新办纳税人信息确认: what the new taxpayer confirms (the rest comes from 市场监管 by data sharing). */
const ConfirmBody = z.object({
  nsrsbh: z.string({ error: 'nsrsbh 必填且应为字符串' }),
  nsrmc: text('nsrmc', 100),
  fddbrxm: text('fddbrxm', 50),
  fddbrsfzjhm: z.string({ error: 'fddbrsfzjhm 必填且应为字符串' }).refine(isValidIdCard, 'fddbrsfzjhm 不是有效的居民身份证号(GB 11643 校验未通过)'),
  scjydz: text('scjydz', 200),
  nsrlxDm: z.enum(['1', '2'], { error: 'nsrlxDm 应为 1(增值税一般纳税人) 或 2(小规模纳税人)' }),
  hyDm: z.string().regex(/^\d{4}$/, 'hyDm 应为4位行业代码(GB/T 4754)').optional(),
  hyMc: text('hyMc', 100).optional(),
  cwfzrxm: text('cwfzrxm', 50).optional(),
  bsrxm: text('bsrxm', 50).optional(),
});

/** 清税申报: the applicant names itself; the bureau decides the path from its own records. */
const ClearanceBody = z.object({
  nsrsbh: z.string({ error: 'nsrsbh 必填且应为字符串' }),
  /** 注销原因, free text. */
  zxyy: text('zxyy', 200).optional(),
  /** 经办人. */
  jbrxm: text('jbrxm', 50).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new TaxError(RTN.BAD_PARAMETER, parsed.error.issues.map((i) => i.message).join('; '));
  const id = (parsed.data as { nsrsbh: string }).nsrsbh;
  const verdict = checkUscc(id);
  if (!verdict.valid) throw new TaxError(RTN.BAD_TAXPAYER_ID, `nsrsbh "${id}": ${describeUsccProblem(id, verdict.problem!)}`);
  return parsed.data;
}

/** Stable JSON (sorted keys), so the same request with its keys in another order is still the same request. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
      : JSON.stringify(v) ?? 'null';

/** Runs a write once per (channel, tranSeq); business refusals are answers too and replay as such. */
function once(ctx: WriteContext, head: RequestHead, body: unknown, write: () => ServiceResult): ServiceResult {
  const outcome = ctx.state.idempotency.run(`${head.channelId}|${head.tranSeq}`, canonical({ tranId: head.tranId, body }), () => {
    try {
      return write();
    } catch (error) {
      if (error instanceof TaxError) return { rtn: error.rtn, detail: error.detail, body: error.body };
      throw error;
    }
  });
  if ('conflict' in outcome) throw new TaxError(RTN.SEQ_CONFLICT, `tranSeq ${head.tranSeq} 已用于另一笔不同内容的交易`);
  return outcome.reply;
}

function confirmNewTaxpayer(ctx: WriteContext, input: z.infer<typeof ConfirmBody>): ServiceResult {
  const existing = lookupTaxpayer(ctx.dataset, ctx.state, input.nsrsbh);
  if (existing) throw new TaxError(RTN.ALREADY_REGISTERED, `登记序号 ${existing.registration.djxh}，登记日期 ${existing.registration.djrq}，状态 ${existing.registration.nsrztMc}`);
  const enterprise = ctx.dataset.byUscc.get(input.nsrsbh);
  const on = ctx.businessDate();
  const industry = input.hyDm ? { dm: input.hyDm, mc: input.hyMc ?? '' } : (enterprise && INDUSTRY_BY_SECTION[enterprise.industry.code]) || { dm: '7299', mc: '其他未列明商务服务业' };
  const office = officeFor(input.scjydz);
  const record: TaxRegistrationRecord = {
    nsrsbh: input.nsrsbh, djxh: ctx.state.nextDjxh(), nsrmc: input.nsrmc, cym: null, nsrztDm: '03', nsrztMc: TAXPAYER_STATUS['03'], djrq: compact(on),
    nsrlxDm: input.nsrlxDm, nsrlxMc: VAT_KIND[input.nsrlxDm], zgswjgDm: TAX_BUREAU.dm, zgswjgMc: TAX_BUREAU.mc, zgswskfjDm: office.dm, zgswskfjMc: office.mc,
    hyDm: industry.dm, hyMc: industry.mc, zcdz: input.scjydz, scjydz: input.scjydz,
    fddbrxm: input.fddbrxm, fddbrsfzjlxDm: ID_TYPE_RESIDENT_CARD, fddbrsfzjhm: input.fddbrsfzjhm,
    cwfzrxm: input.cwfzrxm ?? input.fddbrxm, bsrxm: input.bsrxm ?? input.fddbrxm,
    zjgnsrsbh: enterprise?.parentUscc ?? null, fzcrdrq: null, zxrq: null, qszm: null,
  };
  // 开办: the first monthly invoicing line is granted with the confirmation.
  const quota = quotaRecord(compact(on).slice(0, 6), NEW_TAXPAYER_QUOTA_YUAN[input.nsrlxDm] * 100, 0, '1', 0, 0);
  ctx.state.confirmed.set(input.nsrsbh, { record, quota });
  const { nsrsbh, djxh, nsrmc, nsrztDm, nsrztMc, djrq, nsrlxDm, nsrlxMc, zgswjgDm, zgswjgMc, zgswskfjDm, zgswskfjMc } = record;
  return success({ nsrsbh, djxh, nsrmc, nsrztDm, nsrztMc, djrq, nsrlxDm, nsrlxMc, zgswjgDm, zgswjgMc, zgswskfjDm, zgswskfjMc, fped: quota });
}

function clearTaxes(ctx: WriteContext, input: z.infer<typeof ClearanceBody>): ServiceResult {
  const view = lookupTaxpayer(ctx.dataset, ctx.state, input.nsrsbh);
  if (!view) throw new TaxError(RTN.TAXPAYER_NOT_FOUND, `${input.nsrsbh} 未办理税务登记`);
  const r = view.registration;
  if (CLOSED_STATUSES.includes(r.nsrztDm)) throw new TaxError(RTN.STATUS_FORBIDS, `纳税人状态为 ${r.nsrztDm} ${r.nsrztMc}，已于 ${r.zxrq} 注销`);
  const activity = view.activity();
  const reasons: { yyDm: string; yyMc: string; xq: string }[] = [];
  if (activity.arrears.length) {
    const t = activity.arrearsTotal;
    reasons.push({ yyDm: REFUSAL_REASON.ARREARS.dm, yyMc: REFUSAL_REASON.ARREARS.mc, xq: `欠税 ${activity.arrears.length} 笔，欠税金额 ${t.qsje} 元，滞纳金 ${t.znj} 元` });
  }
  if (r.nsrztDm === '05') reasons.push({ yyDm: REFUSAL_REASON.ABNORMAL.dm, yyMc: REFUSAL_REASON.ABNORMAL.mc, xq: `非正常户认定日期 ${r.fzcrdrq}` });
  if (activity.overdue.length) {
    const first = activity.overdue[0];
    reasons.push({ yyDm: REFUSAL_REASON.UNDECLARED.dm, yyMc: REFUSAL_REASON.UNDECLARED.mc, xq: `逾期未申报 ${activity.overdue.length} 项，最早为 ${first.zsxmMc} ${first.sssqq}-${first.sssqz}` });
  }
  if (reasons.length) throw new TaxError(RTN.CLEARANCE_REFUSED, reasons.map((x) => x.yyMc).join('；'), { nsrsbh: r.nsrsbh, djxh: r.djxh, btgyyList: reasons });

  // 免办 when there was never anything to pay or invoice; 即办 (承诺制) for credit A/B; else 一般流程.
  const quiet = activity.payments.length === 0 && activity.declarations.every((d) => d.ynse === '0.00') && (view.quota()?.ysyed ?? '0.00') === '0.00';
  const grade = view.credit().at(-1)?.xydj;
  const path: ClearancePathCode = quiet ? '1' : grade === 'A' || grade === 'B' ? '2' : '3';
  const on = ctx.businessDate();
  const cert = certificate(noticeNumber(on.slice(0, 4), ctx.state.nextNoticeSerial()), on, path);
  const status = path === '1' ? '13' : '07';
  ctx.state.cleared.set(r.nsrsbh, { status, certificate: cert });
  return success({
    nsrsbh: r.nsrsbh, djxh: r.djxh, nsrmc: r.nsrmc, qsfsDm: path, qsfsMc: cert.qsfsMc, qszm: cert,
    nsrztDm: status, nsrztMc: TAXPAYER_STATUS[status], zxrq: cert.kjrq,
  });
}

export function writeRoutes(ctx: WriteContext): Route[] {
  return [
    serviceRoute(TRAN_ID.CONFIRM_NEW_TAXPAYER, ctx.credentials, (head, body) => {
      const input = parse(ConfirmBody, body);
      return once(ctx, head, body, () => confirmNewTaxpayer(ctx, input));
    }),
    serviceRoute(TRAN_ID.CLEARANCE, ctx.credentials, (head, body) => {
      const input = parse(ClearanceBody, body);
      return once(ctx, head, body, () => clearTaxes(ctx, input));
    }),
  ];
}
