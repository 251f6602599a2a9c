import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { createHmac } from 'node:crypto';
import type { RunningServices } from '@district/subgraph-services/server';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, signContext } from '@district/runtime';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * A subgraph anyone can call is a hole around the gateway: every subgraph refuses a request
 * without the gateway's signed context, including `_entities`, and a context signed with any
 * other key. Each refusal is on the access record (DENIED, role unauthenticated, the department
 * called and the enterprise reached for), written by the refusing subgraph to services.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.stop());

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { uscc } } }`;
const representations = [{ __typename: 'Enterprise', uscc: SAMPLE_USCC.troubled }];

async function call(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: ENTITIES, variables: { r: representations } }) });
  return { status: res.status, body: (await res.json()) as any };
}

const DEPARTMENT: Record<string, string> = { market: 'MARKET', tax: 'TAX', 'medical-insurance': 'MEDICAL_INSURANCE', 'real-estate': 'REAL_ESTATE', services: 'SERVICES' };

/**
 * Waits for the refusal's access record: subgraphs write it after answering, under a request id of
 * their own, with the caller's x-request-id beside it as the client's (a caller chooses nothing).
 */
async function expectRefusalRecorded(clientRequestId: string, department: string) {
  const db = (stack.subgraphs.services as RunningServices).db;
  await vi.waitFor(async () => {
    const rows = await db.query<any>('SELECT request_id, who, role, outcome, departments, subjects, fields FROM access_record WHERE client_request_id = $1', [clientRequestId]);
    expect(rows, clientRequestId).toEqual([{ request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), who: 'unauthenticated', role: 'unauthenticated', outcome: 'DENIED', departments: [department], subjects: [SAMPLE_USCC.troubled], fields: ['Query._entities'] }]);
  }, POLL);
}

describe('direct calls to subgraphs', () => {
  it('refuses an _entities call without a signed context, in every subgraph, and records each refusal', async () => {
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      const requestId = `direct-unsigned-${name}-${Date.now()}`;
      const { status, body } = await call(subgraph.url, { 'x-request-id': requestId });
      expect(status, name).toBe(401);
      expect(body.errors[0].extensions.code, name).toBe('UNAUTHENTICATED');
      expect(body.data ?? null, name).toBeNull();
      await expectRefusalRecorded(requestId, DEPARTMENT[name]);
    }
  });

  it('refuses a context forged with another key, even one claiming the system role, and records it', async () => {
    const forged = await signContext({ sub: 'attacker', role: 'system', requestId: 'forged-0001' }, 'an-attackers-own-key-that-is-long-enough');
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      const requestId = `direct-forged-${name}-${Date.now()}`;
      const { status, body } = await call(subgraph.url, { [CONTEXT_HEADER]: forged, 'x-request-id': requestId });
      expect(status, name).toBe(401);
      expect(body.errors[0].message, name).toMatch(/not valid/);
      // The forged claims (attacker, system) are not believed: the record says who we know it was.
      await expectRefusalRecorded(requestId, DEPARTMENT[name]);
    }
  });

  it('refuses a context signed with the shared key but issued longer ago than the max age, whatever its expiry', async () => {
    // Captured and replayed two minutes later, or minted with a ten-year lifetime: worthless either way.
    const now = Math.floor(Date.now() / 1000);
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ alg: 'HS256' })}.${part({ sub: 'gateway', role: 'system', requestId: 'replayed-0001', iss: 'district-gateway', aud: 'district-subgraphs', iat: now - 120, exp: now + 10 * 365 * 86_400 })}`;
    const old = `${input}.${createHmac('sha256', DEV_CONTEXT_KEY).update(input).digest('base64url')}`;
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      const requestId = `direct-replayed-${name}-${Date.now()}`;
      const { status, body } = await call(subgraph.url, { [CONTEXT_HEADER]: old, 'x-request-id': requestId });
      expect(status, name).toBe(401);
      expect(body.errors[0].extensions.code, name).toBe('UNAUTHENTICATED');
      expect(body.errors[0].message, name).toMatch(/too old/);
      expect(body.data ?? null, name).toBeNull();
      await expectRefusalRecorded(requestId, DEPARTMENT[name]);
    }
  });

  it('answers the gateway, whose context is signed with the shared key', async () => {
    const signed = await signContext({ sub: 'gateway', role: 'system', requestId: 'direct-0001' }, DEV_CONTEXT_KEY);
    const { status, body } = await call(stack.subgraphs.tax.url, { [CONTEXT_HEADER]: signed });
    expect(status).toBe(200);
    expect(body.data._entities).toEqual([{ uscc: SAMPLE_USCC.troubled }]);
  });
});
