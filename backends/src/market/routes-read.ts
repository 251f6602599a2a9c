import { checkUscc, describeUsccProblem } from '@district/domain';
import type { Enterprise } from '@district/dataset';
import type { Route, SimRequest } from '../sim/server.ts';
import { REG_STATE_TEXTS } from './codes.ts';
import { findEnterprise, parseJson, requireUscc, signedRoute, type MarketContext } from './context.ts';
import { ok, refuse } from './envelope.ts';

/**
 * Read endpoints (查询接口). Lists that an adapter needs for many enterprises at once come with the
 * batch lookup's `include`, so showing a building never takes one call per enterprise.
 */

export const MAX_BATCH = 100;
export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

export const INCLUDES = ['changes', 'branches', 'annualReports', 'abnormalEntries'] as const;
type Include = (typeof INCLUDES)[number];

function parseIncludes(raw: unknown, label: string): Include[] {
  const items = raw === undefined || raw === null || raw === '' ? [] : typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) refuse('E2001', `${label} must be a list of names`);
  const unknown = (items as string[]).filter((i) => !(INCLUDES as readonly string[]).includes(i.trim()));
  if (unknown.length) refuse('E2001', `${label} has unknown item(s) ${unknown.map((u) => `"${u}"`).join(', ')}; allowed: ${INCLUDES.join(', ')}`);
  return [...new Set((items as string[]).map((i) => i.trim() as Include))];
}

function expand(ctx: MarketContext, e: Enterprise, includes: Include[]) {
  const out: Record<string, unknown> = { ...ctx.state.record(e) };
  for (const inc of includes) {
    if (inc === 'changes') out.changes = ctx.state.changes(e);
    else if (inc === 'branches') out.branches = ctx.state.branches(e);
    else if (inc === 'annualReports') out.annualReports = ctx.state.annualReports(e);
    else out.abnormalEntries = ctx.state.abnormalEntries(e);
  }
  return out;
}

function positiveInt(req: SimRequest, name: string, fallback: number, max?: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || (max !== undefined && n > max)) {
    refuse('E2001', `${name} must be an integer from 1${max !== undefined ? ` to ${max}` : ''}, got "${raw}"`);
  }
  return n;
}

const SEARCH_PARAMS = ['keyword', 'address', 'status', 'entType', 'buildingCode', 'page', 'pageSize'];
/** 楼宇编码 as the district assigns them (LS-B001); anything else is a caller's mistake, not an empty result. */
const BUILDING_CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;

function search(ctx: MarketContext, req: SimRequest) {
  const unknown = [...new Set(req.query.keys())].filter((k) => !SEARCH_PARAMS.includes(k));
  if (unknown.length) refuse('E2001', `unknown query parameter(s) ${unknown.join(', ')}; allowed: ${SEARCH_PARAMS.join(', ')}`);
  const text = (name: string) => req.query.get(name)?.trim() || undefined;
  const status = text('status');
  if (status && !REG_STATE_TEXTS.some((t) => t.startsWith(status))) {
    refuse('E2001', `status "${status}" matches no 登记状态; use one of ${REG_STATE_TEXTS.join(' / ')} or its beginning (e.g. 存续, 吊销)`);
  }
  const entType = text('entType');
  if (entType && !/^\d{4}$/.test(entType)) refuse('E2001', `entType must be a 4-digit 企业类型 code such as 1130, got "${entType}"`);
  const buildingCode = text('buildingCode');
  if (buildingCode && !BUILDING_CODE.test(buildingCode)) {
    refuse('E2001', `buildingCode must be a 楼宇编码 of 1–32 upper-case letters, digits and "-" such as LS-B001, got "${buildingCode}"`);
  }
  const page = positiveInt(req, 'page', 1);
  const pageSize = positiveInt(req, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const { total, list } = ctx.state.search({ keyword: text('keyword'), address: text('address'), status, entType, buildingCode }, page, pageSize);
  return ok({ total, page, pageSize, list });
}

function batch(ctx: MarketContext, req: SimRequest) {
  const body = parseJson(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('E2001', 'body must be a JSON object {"uniscIds": [...], "include": [...]}');
  const { uniscIds, include, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length) refuse('E2001', `unknown field(s) ${Object.keys(rest).join(', ')}; allowed: uniscIds, include`);
  if (!Array.isArray(uniscIds)) return refuse('E2001', 'uniscIds must be an array of 统一社会信用代码');
  if (uniscIds.length === 0) refuse('E2001', 'uniscIds must not be empty');
  if (uniscIds.length > MAX_BATCH) refuse('E2002', `${uniscIds.length} uniscIds requested; split into calls of at most ${MAX_BATCH}`);
  const problems = uniscIds.flatMap((u, i) => {
    if (typeof u !== 'string') return [`uniscIds[${i}] is not a string`];
    const v = checkUscc(u);
    return v.valid ? [] : [`uniscIds[${i}] "${u}": ${describeUsccProblem(u, v.problem!)}`];
  });
  if (problems.length) refuse('E2001', problems.join('; '));
  const includes = parseIncludes(include, 'include');
  // Unknown codes are simply absent from `list`; callers match results by uniscId.
  const list = [...new Set(uniscIds as string[])].flatMap((u) => {
    const e = ctx.state.get(u);
    return e ? [expand(ctx, e, includes)] : [];
  });
  return ok({ list });
}

export function readRoutes(ctx: MarketContext): Route[] {
  const one = (req: SimRequest) => findEnterprise(ctx, requireUscc(req.params.uniscId));
  const listOf = (rows: unknown[]) => ok({ total: rows.length, list: rows });
  return [
    signedRoute(ctx, 'GET', '/api/v1/enterprises', 'enterprise.search', (req) => search(ctx, req)),
    signedRoute(ctx, 'POST', '/api/v1/enterprises/batch', 'enterprise.batch', (req) => batch(ctx, req)),
    signedRoute(ctx, 'GET', '/api/v1/enterprises/:uniscId', 'enterprise.get', (req) => {
      const unknown = [...req.query.keys()].filter((k) => k !== 'include');
      if (unknown.length) refuse('E2001', `unknown query parameter(s) ${unknown.join(', ')}; allowed: include`);
      const e = one(req);
      return ok(expand(ctx, e, parseIncludes(req.query.get('include') ?? undefined, 'include')));
    }),
    signedRoute(ctx, 'GET', '/api/v1/enterprises/:uniscId/changes', 'enterprise.changes', (req) => listOf(ctx.state.changes(one(req)))),
    signedRoute(ctx, 'GET', '/api/v1/enterprises/:uniscId/branches', 'enterprise.branches', (req) => listOf(ctx.state.branches(one(req)))),
    signedRoute(ctx, 'GET', '/api/v1/enterprises/:uniscId/annual-reports', 'enterprise.annualReports', (req) => listOf(ctx.state.annualReports(one(req)))),
    signedRoute(ctx, 'GET', '/api/v1/enterprises/:uniscId/abnormal-entries', 'enterprise.abnormalEntries', (req) => listOf(ctx.state.abnormalEntries(one(req)))),
  ];
}
