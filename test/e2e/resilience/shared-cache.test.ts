import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '@district/operations';
import { startStack, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * Two gateway + subgraph instances over the same department systems, sharing one Redis: what one
 * instance read is a hit for the other, and so is an operation one instance learned by hash.
 * Needs REDIS_URL (CI sets it; without it the instances share nothing, so there is nothing to test).
 */
const shared = process.env.REDIS_URL ? describe : describe.skip;
const prefix = `t:shared:${process.pid}:${Date.now().toString(36)}`;
let a: Stack;
let b: Stack;

const LIFECYCLE = `query($uscc: ID!) { enterprise(uscc: $uscc) { registration { name } tax { status } medicalInsurance { status } realEstate { currentUnitCount } } }`;

shared('two instances sharing one Redis', () => {
  beforeAll(async () => {
    a = await startStack({ env: { CACHE_PREFIX: prefix } });
    b = await startStack({ backends: a.backends, env: { CACHE_PREFIX: prefix } });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('answers from the cache on one instance what the other instance read', async () => {
    a.resetBackendStats();
    const first = await a.query(LIFECYCLE, { uscc: SAMPLE_USCC.troubled });
    expect(first.errors).toBeUndefined();
    const cold = await a.backendRequests();
    expect(Object.values(cold).every((n) => n > 0)).toBe(true);
    a.resetBackendStats();
    const second = await b.query(LIFECYCLE, { uscc: SAMPLE_USCC.troubled });
    expect(second.data).toEqual(first.data);
    expect(await a.backendRequests()).toEqual({ market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 });
  });

  it('knows on one instance an automatic persisted query registered on the other', async () => {
    const query = '{ building(id: "LS-B003") { name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const post = async (stack: Stack, body: object) =>
      fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { ...(await stack.authHeaders()), 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const unknown = await post(b, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await post(a, { query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const known = await post(b, { extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(known.data.building.name).toBe('石老人商务楼');
  });
});

describe('registered operations', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('runs a registered operation by its id alone, on a fresh gateway', async () => {
    const manifest = parseManifest(readFileSync(new URL('../../../schema/persisted-query-manifest.json', import.meta.url), 'utf8'), 'manifest');
    const sha256Hash = manifest.operations.find((o) => o.name === 'Lifecycle')!.id;
    const res = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST', headers: { ...(await stack.authHeaders()), 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { uscc: SAMPLE_USCC.healthy }, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    }).then((r) => r.json());
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
  });
});
