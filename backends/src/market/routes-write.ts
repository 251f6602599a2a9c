import type { ChangeRecord, Enterprise } from '@district/dataset';
import type { Route, SimReply, SimRequest } from '../sim/server.ts';
import { ENDED, INDUSTRY_SECTIONS, REG_STATE, currencyByCode } from './codes.ts';
import { findEnterprise, parseJson, requireUscc, signedRoute, todayIn, type MarketContext } from './context.ts';
import { fail, ok, refuse } from './envelope.ts';
import { isListedAbnormal } from './records.ts';
import {
  ChangeSchema, DeregistrationSchema, EstablishmentSchema, validate, type ChangeRequest, type DeregistrationRequest, type EstablishmentRequest,
} from './write-schemas.ts';

/**
 * Write endpoints (登记业务): 设立登记, 变更登记, 注销登记. Each needs an Idempotency-Key; a
 * business refusal (E3001/E3002) is not remembered under the key, so the caller may fix the cause
 * and retry with the same key.
 */

function idempotent(ctx: MarketContext, req: SimRequest, appKey: string, payload: unknown, write: () => SimReply): SimReply {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key) return refuse('E2001', 'the Idempotency-Key header is required for writes (one key per business operation, reused on retries)');
  if (!/^[\x21-\x7e]{1,128}$/.test(key)) refuse('E2001', 'Idempotency-Key must be 1–128 printable ASCII characters');
  const outcome = ctx.idempotency.run(`${appKey}\u0000${key}`, { method: req.method, path: req.path, payload }, write);
  if ('conflict' in outcome) {
    return fail('E4090', `Idempotency-Key "${key}" was already used for a different request; use a new key for a new operation`);
  }
  return outcome.replayed ? { ...outcome.reply, headers: { ...outcome.reply.headers, 'idempotent-replayed': 'true' } } : outcome.reply;
}

/** The district building whose address the 住所 starts with, so buildingId stays a fact of the address. */
const buildingOf = (ctx: MarketContext, dom: string): string | null =>
  ctx.state.dataset.buildings.find((b) => dom.startsWith(b.address))?.id ?? null;

const liveStatus = (e: Enterprise) => !ENDED.has(e.status) && e.status !== 'REVOKED_NOT_DEREGISTERED';

function establish(ctx: MarketContext, body: EstablishmentRequest): SimReply {
  const isBranch = body.entType.startsWith('2');
  let parent: Enterprise | undefined;
  if (isBranch) {
    if (!body.parentUniscId) refuse('E2001', `parentUniscId (隶属企业) is required for a 分公司 type ${body.entType}`);
    parent = findEnterprise(ctx, requireUscc(body.parentUniscId, 'parentUniscId'));
    const expected = '2' + (parent.typeCode ?? '').slice(1);
    if (body.entType !== expected) refuse('E2001', `entType of a branch of a ${parent.typeCode} enterprise must be ${expected}, got ${body.entType}`);
    if (body.regCap !== undefined) refuse('E2001', 'a 分公司 has no 注册资本; omit regCap');
    const reasons = [
      ...(parent.status !== 'EXISTING' ? [`隶属企业 ${parent.uscc} 登记状态为「${REG_STATE[parent.status]}」，不能设立分支机构`] : []),
      ...(!body.entName.startsWith(parent.name) || !body.entName.endsWith('分公司') ? [`分公司名称须为隶属企业名称「${parent.name}」加分公司字样`] : []),
    ];
    if (reasons.length) refuse('E3001', reasons.join('；'), { reasons });
  } else {
    if (body.parentUniscId) refuse('E2001', `parentUniscId is only for 分公司 types (2xxx), not ${body.entType}`);
    if (body.regCap === undefined) refuse('E2001', 'regCap (注册资本, 万元) is required');
  }
  const holder = ctx.state.nameHolder(body.entName);
  if (holder) refuse('E3002', `「${body.entName}」 is registered to ${holder}`);

  const estDate = todayIn(ctx.now);
  const cooperative = body.entType === '9100';
  const e: Enterprise = {
    uscc: ctx.state.newUscc(cooperative ? '3' : '1'),
    name: body.entName,
    entityClass: cooperative ? 'COOPERATIVE' : 'ENTERPRISE',
    typeCode: body.entType,
    buildingId: buildingOf(ctx, body.dom),
    address: body.dom,
    legalRepresentative: { name: body.lerep, idNumber: body.lerepCerNo, phone: body.lerepTel ?? '' },
    registeredCapitalWan: body.regCap ?? 0,
    currency: currencyByCode(body.regCapCur) ?? 'CNY',
    establishedOn: estDate,
    termTo: body.opTo ?? null,
    businessScope: body.opScope,
    industry: body.industryPhy ? { code: body.industryPhy, label: INDUSTRY_SECTIONS[body.industryPhy] } : parent?.industry ?? { code: '', label: '' },
    status: 'EXISTING',
    statusOn: null,
    parentUscc: parent?.uscc ?? null,
    employees: body.empNum ?? 0,
    changes: [],
    trouble: { taxArrears: false, taxAbnormal: false, insuranceArrears: false },
    property: { units: 0, mortgaged: false, seized: false },
    vatKind: 'SMALL_SCALE',
    insured: false,
  };
  ctx.state.put(e);
  return ok({ licenceNo: ctx.state.newLicenceNo(estDate), ...ctx.state.record(e) });
}

function change(ctx: MarketContext, e: Enterprise, body: ChangeRequest): SimReply {
  if (!liveStatus(e)) refuse('E3001', `登记状态为「${REG_STATE[e.status]}」的企业不能办理变更登记`, { reasons: [`登记状态为「${REG_STATE[e.status]}」`] });
  const on = todayIn(ctx.now);
  const records: ChangeRecord[] = [];
  const next: Enterprise = { ...e, legalRepresentative: { ...e.legalRepresentative } };
  const unchanged: string[] = [];
  const item = (field: string, kind: ChangeRecord['item'], before: string, after: string | undefined, apply: () => void) => {
    if (after === undefined) return;
    if (before === after) return void unchanged.push(field);
    records.push({ on, item: kind, before, after });
    apply();
  };
  item('entName', 'NAME', e.name, body.entName, () => (next.name = body.entName!));
  item('dom', 'ADDRESS', e.address, body.dom, () => {
    next.address = body.dom!;
    next.buildingId = buildingOf(ctx, body.dom!);
  });
  if (body.lerep !== undefined && (body.lerep !== e.legalRepresentative.name || body.lerepCerNo !== e.legalRepresentative.idNumber)) {
    records.push({ on, item: 'LEGAL_REPRESENTATIVE', before: e.legalRepresentative.name, after: body.lerep });
    next.legalRepresentative = { name: body.lerep, idNumber: body.lerepCerNo!, phone: body.lerepTel ?? '' };
  } else if (body.lerep !== undefined) unchanged.push('lerep');
  if (body.regCap !== undefined && (e.parentUscc || e.typeCode?.startsWith('2'))) refuse('E2001', 'a 分公司 has no 注册资本 to change');
  item('regCap', 'REGISTERED_CAPITAL', `${e.registeredCapitalWan}万元`, body.regCap === undefined ? undefined : `${body.regCap}万元`, () => (next.registeredCapitalWan = body.regCap!));
  item('opScope', 'BUSINESS_SCOPE', e.businessScope, body.opScope, () => (next.businessScope = body.opScope!));
  if (unchanged.length) refuse('E2001', `${unchanged.join(', ')} equal(s) the registered value; send only items that change`);
  if (body.entName) {
    const holder = ctx.state.nameHolder(body.entName);
    if (holder && holder !== e.uscc) refuse('E3002', `「${body.entName}」 is registered to ${holder}`);
  }
  next.changes = [...e.changes, ...records];
  ctx.state.put(next);
  const all = ctx.state.changes(next);
  return ok({ uniscId: e.uscc, altRecords: all.slice(all.length - records.length), enterprise: ctx.state.record(next) });
}

function deregister(ctx: MarketContext, e: Enterprise, body: DeregistrationRequest): SimReply {
  if (ENDED.has(e.status)) refuse('E3001', `登记状态为「${REG_STATE[e.status]}」，不能再办理注销登记`, { reasons: [`登记状态为「${REG_STATE[e.status]}」`] });
  const reasons: string[] = [];
  if (body.canType === 'SIMPLE') {
    if (e.status === 'REVOKED_NOT_DEREGISTERED') reasons.push('被吊销营业执照的企业不适用简易注销');
    if (isListedAbnormal(e)) reasons.push(`企业被列入经营异常名录（${e.trouble.abnormalList!.listedOn}列入，尚未移出），不适用简易注销`);
    if (e.typeCode === '1210') reasons.push('上市股份有限公司不适用简易注销');
  }
  const openBranches = ctx.state.branchEnterprises(e).filter((b) => !ENDED.has(b.status));
  if (openBranches.length) reasons.push(`存在未注销的分支机构：${openBranches.map((b) => `${b.name}（${b.uscc}）`).join('、')}，须先办理分支机构注销`);
  if (body.canType === 'GENERAL' && !body.taxClearanceNo) reasons.push('一般注销须提供清税证明（税务事项通知书）文号 taxClearanceNo');
  if (reasons.length) refuse('E3001', reasons.join('；'), { reasons });

  const canDate = todayIn(ctx.now);
  const next: Enterprise = { ...e, status: e.status === 'REVOKED_NOT_DEREGISTERED' ? 'REVOKED_DEREGISTERED' : 'DEREGISTERED', statusOn: canDate };
  ctx.state.put(next);
  return ok({
    uniscId: e.uscc, entName: e.name, canType: body.canType, canDate, taxClearanceNo: body.taxClearanceNo ?? null,
    canRea: body.canRea ?? null, regState: REG_STATE[next.status],
  });
}

export function writeRoutes(ctx: MarketContext): Route[] {
  return [
    signedRoute(ctx, 'POST', '/api/v1/enterprises', 'enterprise.establish', (req, appKey) => {
      const body = validate(EstablishmentSchema, parseJson(req));
      return idempotent(ctx, req, appKey, body, () => establish(ctx, body));
    }),
    signedRoute(ctx, 'POST', '/api/v1/enterprises/:uniscId/changes', 'enterprise.change', (req, appKey) => {
      const uscc = requireUscc(req.params.uniscId);
      const body = validate(ChangeSchema, parseJson(req));
      return idempotent(ctx, req, appKey, body, () => change(ctx, findEnterprise(ctx, uscc), body));
    }),
    signedRoute(ctx, 'POST', '/api/v1/enterprises/:uniscId/deregistration', 'enterprise.deregister', (req, appKey) => {
      const uscc = requireUscc(req.params.uniscId);
      const body = validate(DeregistrationSchema, parseJson(req));
      return idempotent(ctx, req, appKey, body, () => deregister(ctx, findEnterprise(ctx, uscc), body));
    }),
  ];
}
