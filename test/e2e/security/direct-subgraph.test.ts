import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_HEADER, DEV_CONTEXT_KEY, signContext } from '@district/common';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * A subgraph anyone can call is a hole around the gateway: every subgraph refuses a request
 * without the gateway's signed context, including `_entities`, and a context signed with any
 * other key.
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

describe('direct calls to subgraphs', () => {
  it('refuses an _entities call without a signed context, in every subgraph', async () => {
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      const { status, body } = await call(subgraph.url);
      expect(status, name).toBe(401);
      expect(body.errors[0].extensions.code, name).toBe('UNAUTHENTICATED');
      expect(body.data ?? null, name).toBeNull();
    }
  });

  it('refuses a context forged with another key, even one claiming the system role', async () => {
    const forged = await signContext({ sub: 'attacker', role: 'system', requestId: 'forged-0001' }, 'an-attackers-own-key-that-is-long-enough');
    for (const [name, subgraph] of Object.entries(stack.subgraphs)) {
      const { status, body } = await call(subgraph.url, { [CONTEXT_HEADER]: forged });
      expect(status, name).toBe(401);
      expect(body.errors[0].message, name).toMatch(/not valid/);
    }
  });

  it('answers the gateway, whose context is signed with the shared key', async () => {
    const signed = await signContext({ sub: 'gateway', role: 'system', requestId: 'direct-0001' }, DEV_CONTEXT_KEY);
    const { status, body } = await call(stack.subgraphs.tax.url, { [CONTEXT_HEADER]: signed });
    expect(status).toBe(200);
    expect(body.data._entities).toEqual([{ uscc: SAMPLE_USCC.troubled }]);
  });
});
