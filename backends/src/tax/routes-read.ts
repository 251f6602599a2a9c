import { checkUscc, describeUsccProblem } from '@district/domain';
import type { Dataset } from '@district/dataset';
import { compact } from '@district/dataset/dates';
import type { Route } from '../sim/server.ts';
import { BATCH_LIMIT, TRAN_ID } from './codes.ts';
import { RTN, TaxError, serviceRoute, success } from './envelope.ts';
import { lookupTaxpayer, type TaxpayerView, type TaxState } from './state.ts';

/** 查询类型 (query kinds) of the combined batch query, each a block of the answer. */
export const QUERY_KINDS = ['DJXX', 'XYDJ', 'SBXX', 'JKXX', 'QSXX', 'FPED'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface ReadContext { dataset: Dataset; state: TaxState; credentials: { channelId: string; token: string } }

/**
 * The batch's taxpayer IDs, checked in the order a caller can act on: shape of the list, the
 * 50 limit, then each 纳税人识别号 (each problem named with its position). Duplicates count once.
 */
export function taxpayerIds(body: Record<string, unknown>): string[] {
  const list = body.nsrsbhList;
  if (!Array.isArray(list)) throw new TaxError(RTN.BAD_PARAMETER, 'nsrsbhList 应为纳税人识别号(统一社会信用代码)数组');
  if (list.length === 0) throw new TaxError(RTN.BAD_PARAMETER, 'nsrsbhList 不能为空');
  if (list.length > BATCH_LIMIT) throw new TaxError(RTN.BATCH_TOO_LARGE, `本次请求 ${list.length} 户，请分批查询`);
  const notText = list.flatMap((v, i) => (typeof v === 'string' ? [] : [`nsrsbhList[${i}] 应为字符串`]));
  if (notText.length) throw new TaxError(RTN.BAD_PARAMETER, notText.join('; '));
  const problems = (list as string[]).flatMap((id, i) => {
    const verdict = checkUscc(id);
    return verdict.valid ? [] : [`nsrsbhList[${i}] "${id}": ${describeUsccProblem(id, verdict.problem!)}`];
  });
  if (problems.length) throw new TaxError(RTN.BAD_TAXPAYER_ID, problems.join('; '));
  return [...new Set(list as string[])];
}

/** One taxpayer's answer: its keys plus one block per requested kind. */
function entry(view: TaxpayerView, kinds: readonly QueryKind[]): Record<string, unknown> {
  const r = view.registration;
  const out: Record<string, unknown> = { nsrsbh: r.nsrsbh, djxh: r.djxh, nsrmc: r.nsrmc };
  for (const kind of kinds) {
    switch (kind) {
      case 'DJXX':
        out.djxx = r;
        break;
      case 'XYDJ':
        out.xydjList = view.credit();
        break;
      case 'SBXX':
        out.sbxxList = view.activity().declarations;
        out.yqwsbList = view.activity().overdue;
        break;
      case 'JKXX':
        out.jkxxList = view.activity().payments;
        break;
      case 'QSXX':
        out.qsxxList = view.activity().arrears;
        out.qshj = view.activity().arrearsTotal;
        break;
      case 'FPED':
        out.fped = view.quota();
        break;
    }
  }
  return out;
}

function batch(ctx: ReadContext, body: Record<string, unknown>) {
  const found: TaxpayerView[] = [];
  const notFound: string[] = [];
  for (const id of taxpayerIds(body)) {
    const view = lookupTaxpayer(ctx.dataset, ctx.state, id);
    if (view) found.push(view);
    else notFound.push(id);
  }
  // 数据截止日期: the date derived records (and 滞纳金) are computed to.
  return { sjjzrq: compact(ctx.dataset.asOf), found, notFound };
}

function queryKinds(body: Record<string, unknown>): QueryKind[] {
  const list = body.cxlxList;
  if (!Array.isArray(list) || list.length === 0) throw new TaxError(RTN.BAD_PARAMETER, `cxlxList 应为非空数组，取值 ${QUERY_KINDS.join('/')}`);
  const unknown = list.filter((k) => !QUERY_KINDS.includes(k as QueryKind));
  if (unknown.length) throw new TaxError(RTN.BAD_PARAMETER, `cxlxList 含未知查询类型 ${unknown.map((k) => JSON.stringify(k)).join(', ')}，取值 ${QUERY_KINDS.join('/')}`);
  return [...new Set(list as QueryKind[])];
}

export function readRoutes(ctx: ReadContext): Route[] {
  const single = (tranId: string, kind: QueryKind) =>
    serviceRoute(tranId, ctx.credentials, (_head, body) => {
      const { sjjzrq, found, notFound } = batch(ctx, body);
      return success({ sjjzrq, nsrList: found.map((v) => entry(v, [kind])), notFound });
    });
  return [
    serviceRoute(TRAN_ID.REGISTRATION, ctx.credentials, (_head, body) => {
      const { sjjzrq, found, notFound } = batch(ctx, body);
      return success({ sjjzrq, nsrxxList: found.map((v) => v.registration), notFound });
    }),
    single(TRAN_ID.CREDIT, 'XYDJ'),
    single(TRAN_ID.DECLARATIONS, 'SBXX'),
    single(TRAN_ID.PAYMENTS, 'JKXX'),
    single(TRAN_ID.ARREARS, 'QSXX'),
    single(TRAN_ID.QUOTA, 'FPED'),
    serviceRoute(TRAN_ID.COMBINED, ctx.credentials, (_head, body) => {
      const kinds = queryKinds(body);
      const { sjjzrq, found, notFound } = batch(ctx, body);
      return success({ sjjzrq, cxlxList: kinds, nsrList: found.map((v) => entry(v, kinds)), notFound });
    }),
  ];
}
