import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '@district/runtime/polling';
import { readServicesConfig } from '@district/subgraph-services/config';
import { startServicesSubgraph, type RunningServices } from '@district/subgraph-services/server';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { readGatewayConfig } from '@district/gateway/config';
import { startGateway, type RunningGateway } from '@district/gateway/server';
import { DEV_JWT_SECRET, createAuthenticator, signDevToken } from '@district/gateway/auth/index';
import { startStack, type Stack } from '../../src/stack.ts';
import { startJwks } from '../../src/jwks.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const USCC = '91370212MA3C12346X';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectUnauthenticated(res: { status: number; data?: unknown; errors?: { message: string; extensions?: Record<string, any> }[] }, message: RegExp) {
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.errors![0].message).toMatch(message);
  expect(res.errors![0].message).not.toContain(DEV_JWT_SECRET);
}

describe('authentication at the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('refuses a request without a token, with 401 UNAUTHENTICATED and the request ids', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-auth-0001' }, body: '{"query":"{ __typename }"}' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-client-request-id')).toBe('req-auth-0001');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectUnauthenticated({ status: res.status, ...(await res.json()) }, /no bearer token/);
    expectUnauthenticated(await stack.query('{ __typename }', {}, { authorization: '' }), /no bearer token/);
  });

  it('refuses malformed, expired and badly signed tokens, saying which', async () => {
    expectUnauthenticated(await stack.query('{ __typename }', {}, { authorization: 'Basic dXNlcjpwYXNz' }), /must be "Bearer <JWT>"/);
    expectUnauthenticated(await stack.query('{ __typename }', {}, bearer('not.a.jwt')), /malformed/);
    const expired = await stack.token({ role: 'auditor', purpose: 'AUDIT' }, { ttlSeconds: -120 });
    expectUnauthenticated(await stack.query('{ __typename }', {}, bearer(expired)), /expired/);
    const forged = await signDevToken({ role: 'auditor', purpose: 'AUDIT' }, { secret: 'some-other-key-that-is-long-enough-0123456789' });
    expectUnauthenticated(await stack.query('{ __typename }', {}, bearer(forged)), /signature is not valid/);
    const noExp = await new SignJWT({ sub: 'x', role: 'auditor' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(DEV_JWT_SECRET));
    expectUnauthenticated(await stack.query('{ __typename }', {}, bearer(noExp)), /"exp"/);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'auditor', exp: 4e9 })).toString('base64url')}.`;
    expectUnauthenticated(await stack.query('{ __typename }', {}, bearer(unsigned)), /not accept|malformed/);
  });

  it('refuses tokens whose role claims do not fit', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ role: 'admin' }, /"admin" is not a known role/],
      [{ role: 'system' }, /"system" is not a known role/],
      [{ sub: 'nobody' }, /"role" claim is missing/],
      [{ role: 'building-staff' }, /must name its buildings/],
      [{ role: 'building-staff', buildings: [] }, /must name its buildings/],
      [{ role: 'building-staff', buildings: ['lower case'] }, /not a building id/],
      [{ role: 'enterprise' }, /valid USCC/],
      [{ role: 'enterprise', uscc: '91370212MA3C12345X' }, /valid USCC/],
      [{ role: 'department-officer', department: 'POLICE' }, /must name its department/],
    ];
    for (const [claims, message] of cases) {
      const token = await stack.token({ role: undefined as any, ...claims }, { unchecked: true });
      expectUnauthenticated(await stack.query('{ __typename }', {}, bearer(token)), message);
    }
  });

  it('answers a valid token, for every role with its claims', async () => {
    const tokens = await Promise.all([
      stack.token({ role: 'frontend-app' }),
      stack.token({ role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE' }),
      stack.token({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', caseId: 'CASE-2024-0001' }),
      stack.token({ role: 'department-officer', department: 'TAX', purpose: 'DEPARTMENT_CASE' }),
      stack.token({ role: 'enterprise', uscc: USCC, purpose: 'SELF_SERVICE' }),
      stack.token({ role: 'auditor', purpose: 'AUDIT' }),
    ]);
    for (const token of tokens) {
      const res = await stack.query('{ __typename }', {}, bearer(token));
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ __typename: 'Query' });
    }
    // The test kit's default caller (an auditor for AUDIT) is a valid token too.
    expect((await stack.query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('takes the purpose from x-purpose only when the token leaves it open or agrees', async () => {
    const open = await stack.token({ role: 'window-staff' });
    expect((await stack.query('{ __typename }', {}, { ...bearer(open), 'x-purpose': 'ENTERPRISE_CHANGE', 'x-case-id': 'C-1' })).status).toBe(200);
    const unknown = await stack.query('{ __typename }', {}, { ...bearer(open), 'x-purpose': 'CURIOSITY' });
    expect(unknown.status).toBe(400);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toMatch(/unknown purpose "CURIOSITY"/);
    const fixed = await stack.token({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING' });
    expect((await stack.query('{ __typename }', {}, { ...bearer(fixed), 'x-purpose': 'ENTERPRISE_OPENING' })).status).toBe(200);
    const other = await stack.query('{ __typename }', {}, { ...bearer(fixed), 'x-purpose': 'AUDIT' });
    expect(other.status).toBe(403);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('needs no token for health, metrics and GraphiQL', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/']) {
      expect((await fetch(`${stack.gateway.url}${path}`)).status, path).toBe(200);
    }
  });

  it('accepts what `npm run -s token` prints, and refuses bad arguments with exit code 2', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, NODE_ENV: 'development' };
    const { stdout } = await run('npm', ['run', '-s', 'token', '--', '--role', 'building-staff', '--building', 'LS-B001', '--building', 'LS-B002', '--purpose', 'BUILDING_SERVICE'], { cwd: ROOT, env });
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await stack.query('{ __typename }', {}, bearer(token));
    expect(res.status).toBe(200);
    const bad = await run('npm', ['run', '-s', 'token', '--', '--role', 'enterprise'], { cwd: ROOT, env }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/valid USCC/);
  }, 60_000);
});

const PRODUCTION = { NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:1', SUBGRAPH_CONTEXT_KEY: 'production-context-key-for-the-test-0123456789' };

describe('production configuration', () => {
  const JWKS = 'https://idp.example/.well-known/jwks.json';
  it('refuses the development key, shared secrets, auth switched off and a missing JWKS', () => {
    expect(() => readGatewayConfig({ ...PRODUCTION })).toThrow(/GATEWAY_JWKS_URL: is required in production/);
    expect(() => readGatewayConfig({ ...PRODUCTION, GATEWAY_JWKS_URL: JWKS, GATEWAY_JWT_SECRET: DEV_JWT_SECRET })).toThrow(/development key/);
    expect(() => readGatewayConfig({ ...PRODUCTION, GATEWAY_JWKS_URL: JWKS, GATEWAY_JWT_SECRET: 'x'.repeat(40) })).toThrow(/refused in production/);
    expect(() => readGatewayConfig({ ...PRODUCTION, GATEWAY_JWKS_URL: JWKS, GATEWAY_AUTH_DISABLED: 'true' })).toThrow(/GATEWAY_AUTH_DISABLED: true is refused in production/);
    expect(() => readGatewayConfig({ ...PRODUCTION, GATEWAY_JWKS_URL: 'http://idp.example/jwks' })).toThrow(/must be https/);
    const ok = readGatewayConfig({ ...PRODUCTION, GATEWAY_JWKS_URL: JWKS, GATEWAY_JWT_ISSUER: 'https://idp.example' });
    expect(ok.auth).toMatchObject({ disabled: false, secret: undefined, jwksUrl: JWKS, issuer: 'https://idp.example', devKey: false });
  });

  it('outside production: the development key by default, and auth may be switched off explicitly', () => {
    expect(readGatewayConfig({ NODE_ENV: 'development' }).auth).toMatchObject({ disabled: false, devKey: true });
    expect(readGatewayConfig({ NODE_ENV: 'development', GATEWAY_AUTH_DISABLED: 'true' }).auth.disabled).toBe(true);
    expect(() => readGatewayConfig({ NODE_ENV: 'development', GATEWAY_JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('with auth switched off, every caller is an anonymous frontend-app', async () => {
    const authenticate = createAuthenticator(readGatewayConfig({ NODE_ENV: 'development', GATEWAY_AUTH_DISABLED: 'true' }).auth);
    expect(await authenticate({ 'x-purpose': 'SELF_SERVICE' }, 'req-1')).toEqual({ sub: 'anonymous', role: 'frontend-app', requestId: 'req-1', purpose: 'SELF_SERVICE' });
  });
});

describe('a production gateway with a JWKS', () => {
  // Authentication and introspection are decided before any plan: only services (the access
  // record) runs behind this gateway, with the production context key.
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let gateway: RunningGateway;
  let services: RunningServices;
  const schema = `t_auth_prod_${process.pid}_${Date.now().toString(36)}`;
  beforeAll(async () => {
    jwks = await startJwks();
    services = await startServicesSubgraph(readServicesConfig({
      NODE_ENV: 'test', SEED_DEMO_DATA: 'false', BUNDLE_WORKER: 'false', DATABASE_SCHEMA: schema,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    }), { port: 0, env: { SUBGRAPH_CONTEXT_KEY: PRODUCTION.SUBGRAPH_CONTEXT_KEY } });
    gateway = await startGateway(readGatewayConfig({
      ...PRODUCTION, GATEWAY_PORT: '0', SUBGRAPH_SERVICES_URL: services.url,
      GATEWAY_JWKS_URL: jwks.url, GATEWAY_JWT_ISSUER: 'https://idp.example', GATEWAY_JWT_AUDIENCE: 'district-graph',
      // What is tested here is decided before the safelist would refuse these unregistered operations (e2e/security/safelist.test.ts).
      GATEWAY_SAFELIST: 'false',
    }));
  });
  afterAll(async () => {
    await gateway?.stop();
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
    await jwks?.close();
  });
  /** The record of the request sent with this x-request-id (kept as the client's). */
  const recordOf = async (requestId: string) => {
    let rows: any[] = [];
    await vi.waitFor(async () => {
      rows = await services.db.query<any>('SELECT who, role, purpose, outcome FROM access_record WHERE client_request_id = $1', [requestId]);
      expect(rows).toHaveLength(1);
    }, POLL);
    return rows[0];
  };
  const post = async (query: string, headers: Record<string, string>) => {
    const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { status: res.status, text: await res.clone().text(), ...((await res.json()) as any) };
  };

  it('accepts RS256 tokens from the key set and refuses development tokens', async () => {
    const ok = await post('{ __typename }', bearer(await jwks.sign({ sub: 'u1', role: 'auditor', purpose: 'AUDIT' })));
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ __typename: 'Query' });
    expectUnauthenticated(await post('{ __typename }', bearer(await signDevToken({ role: 'auditor' }))), /algorithm this gateway does not accept/);
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const forged = await post('{ __typename }', bearer(await jwks.sign({ sub: 'u1', role: 'auditor' }, otherKey)));
    expectUnauthenticated(forged, /signature is not valid/);
    const refused = await post('{ __typename }', { ...bearer(await jwks.sign({ sub: 'u1', role: 'auditor' }, otherKey)), 'x-request-id': 'prod-forged-0001' });
    expect(refused.status).toBe(401);
    expect(await recordOf('prod-forged-0001')).toEqual({ who: 'unauthenticated', role: 'unauthenticated', purpose: null, outcome: 'DENIED' });
    expect(forged.text).not.toMatch(/127\.0\.0\.1|jwks|k1/);
    const { privateKey } = jwks;
    const elsewhere = await new SignJWT({ sub: 'u1', role: 'auditor' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://idp.example').setAudience('elsewhere').setExpirationTime('5m').sign(privateKey);
    expectUnauthenticated(await post('{ __typename }', bearer(elsewhere)), /another audience/);
  });

  it('refuses introspection and serves no GraphiQL, without stack traces or internal addresses', async () => {
    const token = await jwks.sign({ sub: 'u1', role: 'auditor', purpose: 'AUDIT' });
    const res = await post('{ __schema { queryType { name } } }', { ...bearer(token), 'x-request-id': 'prod-introspection-0001' });
    expect(res.status).toBe(400);
    expect(await recordOf('prod-introspection-0001')).toEqual({ who: 'u1', role: 'auditor', purpose: 'AUDIT', outcome: 'DENIED' });
    expect(res.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors[0].message).toMatch(/introspection/i);
    expect(res.text).not.toMatch(/stacktrace|\bat \S+ \(|node_modules|127\.0\.0\.1|localhost/);
    expect((await fetch(`${gateway.url}/`)).status).toBe(404);
  });
});
