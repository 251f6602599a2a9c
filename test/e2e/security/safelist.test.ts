import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import { buildManifest, operationsOf, parseManifest } from '@district/operations';
import { buildingDashboard, createClient, enterpriseLifecycle } from '@district/example-frontend';
import type { RunningServices } from '@district/subgraph-services/server';
import { LOADED_MACHINE_BUDGETS, startStack, type Stack } from '../../src/stack.ts';
import { startJwks } from '../../src/jwks.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';

/**
 * A production gateway runs only registered operations (the safelist): those of the manifest it
 * loads (schema/persisted-query-manifest.json) and those published to Redis while it runs, by id
 * or by their body; anything else is refused with 403 OPERATION_NOT_REGISTERED and is on the
 * access record as DENIED. The department subgraphs are the stack's, signed with the production
 * context key.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;
const KEY = 'production-context-key-for-the-safelist-test-0123456789';
const manifest = parseManifest(readFileSync(path.join(ROOT, 'schema/persisted-query-manifest.json'), 'utf8'), 'manifest');
const LIFECYCLE = manifest.operations.find((o) => o.name === 'Lifecycle')!;

let stack: Stack;
let gateway: RunningGateway;
let jwks: Awaited<ReturnType<typeof startJwks>>;

beforeAll(async () => {
  jwks = await startJwks();
  stack = await startStack({ env: { SUBGRAPH_CONTEXT_KEY: KEY } });
  gateway = await startGateway(readGatewayConfig({
    NODE_ENV: 'production', ...LOADED_MACHINE_BUDGETS, ...stack.routes, GATEWAY_PORT: '0', SUBGRAPH_CONTEXT_KEY: KEY,
    // Production requires Redis; without one here it points at nothing, and only the manifest's operations are known.
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:1', CACHE_PREFIX: stack.env.CACHE_PREFIX!,
    GATEWAY_JWKS_URL: jwks.url, GATEWAY_JWT_ISSUER: 'https://idp.example', GATEWAY_JWT_AUDIENCE: 'district-graph',
  }));
});
afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
  await jwks?.close();
});

const post = async (body: object, requestId: string) => {
  const token = await jwks.sign({ sub: 'prod-auditor', role: 'auditor', purpose: 'AUDIT' });
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId }, body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.clone().text(), ...((await res.json()) as any) };
};
const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

/** The access record of the request sent with this x-request-id. */
const recordOf = async (requestId: string) => {
  const services = stack.subgraphs.services as RunningServices;
  let rows: any[] = [];
  await vi.waitFor(async () => {
    rows = await services.db.query<any>('SELECT who, role, subjects, outcome, operation, operation_id FROM access_record WHERE client_request_id = $1', [requestId]);
    expect(rows).toHaveLength(1);
  }, POLL);
  return rows[0];
};

describe('the safelist of a production gateway', () => {
  it('runs a registered operation sent by its id alone', async () => {
    const res = await post({ operationName: 'Lifecycle', variables: { uscc: SAMPLE_USCC.healthy }, ...byId(LIFECYCLE.id) }, 'safelist-by-id-0001');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprise.registration.name).toBe('青岛海岸线科技有限公司');
    expect(await recordOf('safelist-by-id-0001')).toMatchObject({ who: 'prod-auditor', subjects: [SAMPLE_USCC.healthy], outcome: 'OK', operation: 'Lifecycle', operation_id: LIFECYCLE.id });
  });

  it('runs a registered operation sent by its body, as written in its file (comments and layout are not part of it)', async () => {
    const text = readFileSync(path.join(ROOT, 'schema/operations/Lifecycle.graphql'), 'utf8');
    const res = await post({ query: text, variables: { uscc: SAMPLE_USCC.healthy } }, 'safelist-by-body-0001');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.enterprise.uscc).toBe(SAMPLE_USCC.healthy);
    expect(await recordOf('safelist-by-body-0001')).toMatchObject({ operation: 'Lifecycle', operation_id: LIFECYCLE.id, outcome: 'OK' });
  });

  it('refuses an operation that is not registered with 403 OPERATION_NOT_REGISTERED, and records the refusal', async () => {
    const res = await post({ query: `{ enterprise(uscc: "${SAMPLE_USCC.healthy}") { registration { name } } }` }, 'safelist-refused-0001');
    expect(res.status).toBe(403);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message: expect.stringMatching(/only registered operations/), extensions: { code: 'OPERATION_NOT_REGISTERED' } }]);
    expect(res.text).not.toMatch(/青岛海岸线/);
    expect(await recordOf('safelist-refused-0001')).toEqual({ who: 'prod-auditor', role: 'auditor', subjects: [SAMPLE_USCC.healthy], outcome: 'DENIED', operation: null, operation_id: null });

    const unknown = 'f'.repeat(64);
    const byUnknownId = await post({ variables: { uscc: SAMPLE_USCC.healthy }, ...byId(unknown) }, 'safelist-refused-0002');
    expect(byUnknownId.status).toBe(403);
    expect(byUnknownId.errors[0].extensions).toEqual({ code: 'OPERATION_NOT_REGISTERED', id: unknown });
    expect(await recordOf('safelist-refused-0002')).toMatchObject({ who: 'prod-auditor', outcome: 'DENIED' });
    // A registered operation's id does not let another body through: the body is checked against the id.
    const smuggled = await post({ query: '{ buildings { totalCount } }', ...byId(LIFECYCLE.id) }, 'safelist-refused-0003');
    expect(smuggled.status).toBe(400);
    expect(smuggled.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
  });

  it('answers the example front end\'s typed client, which sends registered operations by id', async () => {
    const token = await jwks.sign({ sub: 'prod-building-staff', role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' });
    const request = createClient({ url: `${gateway.url}/graphql`, headers: () => ({ authorization: `Bearer ${token}` }) });
    const board = await buildingDashboard(request, 'LS-B001', 5);
    expect(board?.rows.length).toBeGreaterThan(0);
    expect(board?.rows[0].uscc).toMatch(/^[0-9A-Z]{18}$/);
    const auditor = createClient({ url: `${gateway.url}/graphql`, headers: async () => ({ authorization: `Bearer ${await jwks.sign({ sub: 'prod-auditor', role: 'auditor', purpose: 'AUDIT' })}` }) });
    const { enterprise } = await enterpriseLifecycle(auditor, SAMPLE_USCC.healthy);
    expect(enterprise).toMatchObject({ uscc: SAMPLE_USCC.healthy, name: '青岛海岸线科技有限公司' });
  });

  (process.env.REDIS_URL ? it : it.skip)('runs an operation published to Redis with `npm run operations:publish`, without a restart', async () => {
    const fresh = buildManifest(operationsOf([{ source: `query BuildingName($id: ID!) { building(id: $id) { name } }`, where: 'test' }]));
    const [op] = fresh.operations;
    expect((await post({ variables: { id: 'LS-B003' }, ...byId(op.id) }, 'safelist-publish-0001')).status).toBe(403);
    const dir = mkdtempSync(path.join(tmpdir(), 'manifest-'));
    try {
      const file = path.join(dir, 'manifest.json');
      writeFileSync(file, JSON.stringify(fresh));
      const { stdout } = await promisify(execFile)('npm', ['run', '-s', 'operations:publish', '--', file], {
        cwd: ROOT, env: { ...process.env, NODE_ENV: 'development', REDIS_URL: process.env.REDIS_URL, CACHE_PREFIX: stack.env.CACHE_PREFIX },
      });
      expect(stdout).toMatch(/published 1 operations .*: BuildingName/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const res = await post({ variables: { id: 'LS-B003' }, ...byId(op.id) }, 'safelist-publish-0002');
    expect(res.status).toBe(200);
    expect(res.data.building.name).toBe('石老人商务楼');
  }, 60_000);
});
