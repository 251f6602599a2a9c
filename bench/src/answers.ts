/**
 * Are the gateways answering the same thing? Speed means nothing if one gateway returns less. Each
 * gateway, once up, is asked a few fixed queries (sample enterprises outside the big buildings, so
 * no measured window is warmed, and the small LS-B003 dashboard); the answers are compared, keys
 * sorted, against stock @apollo/gateway's (the reference implementation of the federation spec),
 * and the first difference is recorded.
 */
import { SAMPLE_USCC } from '@district/dataset';
import { DASHBOARD_QUERY, LIFECYCLE_QUERY, type Identity, type Scenario, type ScenarioId } from './scenarios.ts';
import type { GatewayId } from './gateways.ts';

/** The same identities as the scenarios', so the same tokens serve (auth.ts). */
function checks(scenarios: Record<ScenarioId, Scenario>) {
  const lifecycle = (sample: keyof typeof SAMPLE_USCC) => ({
    name: `lifecycle ${SAMPLE_USCC[sample]} (${sample})`, query: LIFECYCLE_QUERY, variables: { uscc: SAMPLE_USCC[sample] }, identity: scenarios.lifecycle.identity,
  });
  return [
    lifecycle('individual'), lifecycle('abnormal'), lifecycle('revoked'),
    { name: 'dashboard LS-B003', query: DASHBOARD_QUERY, variables: { id: 'LS-B003' }, identity: scenarios.dashboard.identity },
  ];
}

/** JSON with object keys sorted, so field order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** Path and values of the first difference between two JSON values, or null if equal. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference((a as any)[k], (b as any)[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d) return d;
    }
  }
  const show = (x: unknown) => (x === undefined ? 'absent' : JSON.stringify(x).slice(0, 120));
  return `${path}: ${show(a)} vs ${show(b)}`;
}

export type Answers = Record<string, { bytes: number; body: unknown }>;

export async function askChecks(url: string, scenarios: Record<ScenarioId, Scenario>, auth: (i: Identity) => string | undefined): Promise<Answers> {
  const out: Answers = {};
  for (const c of checks(scenarios)) {
    const authorization = auth(c.identity);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: c.query, variables: c.variables }),
    });
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* keep the text */ }
    // Our gateway says what an operation cost (extensions.cost) and how fresh its cached copies
    // are (extensions.asOf); those are reports, not the answer.
    const ext = (body as { extensions?: Record<string, unknown> } | null)?.extensions;
    if (ext && ('cost' in ext || 'asOf' in ext)) {
      delete ext.cost;
      delete ext.asOf;
      if (Object.keys(ext).length === 0) delete (body as { extensions?: unknown }).extensions;
    }
    out[c.name] = { bytes: Buffer.byteLength(text), body: res.status === 200 ? body : { status: res.status, body } };
  }
  return out;
}

export interface AnswerComparison { gateway: GatewayId; reference: GatewayId; check: string; bytes: number; referenceBytes: number; difference: string | null }

/** Every gateway's answers against the reference's (stock when it ran, else the first gateway). */
export function compareAnswers(byGateway: Partial<Record<GatewayId, Answers>>): AnswerComparison[] {
  const ids = Object.keys(byGateway) as GatewayId[];
  const reference = ids.includes('stock') ? 'stock' : ids[0];
  if (!reference) return [];
  const ref = byGateway[reference]!;
  const out: AnswerComparison[] = [];
  for (const gateway of ids.filter((g) => g !== reference)) {
    for (const [check, answer] of Object.entries(byGateway[gateway]!)) {
      out.push({ gateway, reference, check, bytes: answer.bytes, referenceBytes: ref[check]?.bytes ?? NaN, difference: firstDifference(ref[check]?.body, answer.body) });
    }
  }
  return out;
}

/** One request before the load, to record what the gateway answers (an error here explains a table). */
export async function preflight(url: string, scenario: Scenario, vars: Record<string, string>, auth: string | undefined): Promise<string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify({ query: scenario.query, variables: vars }),
    });
    const text = await res.text();
    if (res.status !== 200) return `HTTP ${res.status}: ${text.slice(0, 200)}`;
    const body = JSON.parse(text);
    if (body.errors?.length) return `errors: ${JSON.stringify(body.errors).slice(0, 300)}`;
    const root = body.data && Object.values(body.data)[0];
    return root ? `ok (${text.length} bytes)` : `data is null: ${text.slice(0, 200)}`;
  } catch (error) {
    return `failed: ${String(error)}`;
  }
}
