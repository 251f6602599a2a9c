import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@district/runtime';
import type { Caller } from '@district/domain';
import { delegationPlugin } from './delegation.ts';

const KEY = 'k'.repeat(32);
const ID = 'DL-ABCDEFGHJKLMNPQR';
const USCC = '91370212MA3C12346X';

/** A stand-in for services' useDelegation: answers what `next` says, and keeps what it was asked. */
let next: (variables: any) => unknown = () => ({});
const asked: any[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { variables } = JSON.parse(body);
      asked.push({ variables, context: req.headers['x-district-context'] !== undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next(variables)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const agent = (over: Partial<Caller> = {}): Caller => ({ sub: 'bbdb-007', role: 'agent', requestId: 'req-1', delegationId: ID, purpose: 'SELF_SERVICE', ...over });

/** Runs the plugin's hook as Apollo Server would, for one operation of this type. */
async function run(caller: Caller, operation: 'query' | 'mutation' = 'query', servicesUrl: string | undefined = url) {
  const plugin = delegationPlugin({ servicesUrl, contextKey: KEY, logger: createLogger('test') });
  const listener = await plugin.requestDidStart!({} as any);
  const rc = { contextValue: { caller, requestId: caller.requestId }, operation: { operation } } as any;
  try {
    await listener!.didResolveOperation!(rc);
    return { caller: rc.contextValue.caller as Caller };
  } catch (error: any) {
    return { caller: rc.contextValue.caller as Caller, error };
  }
}

const answer = (use: Record<string, unknown>) => () => ({ data: { useDelegation: { inEffect: true, reason: null, uscc: USCC, purposes: ['SELF_SERVICE'], bundleKinds: [], certificateKinds: ['NO_TAX_ARREARS'], ...use } } });

describe('the delegation an agent token names', () => {
  it('makes the caller act for the enterprise with the items in effect, asking once with a signed context', async () => {
    next = answer({});
    asked.length = 0;
    const { caller, error } = await run(agent());
    expect(error).toBeUndefined();
    expect(caller).toMatchObject({ uscc: USCC, delegation: { id: ID, purposes: ['SELF_SERVICE'], bundleKinds: [], certificateKinds: ['NO_TAX_ARREARS'] } });
    expect(asked).toEqual([{ variables: { id: ID, agent: 'bbdb-007', purpose: 'SELF_SERVICE', consume: false }, context: true }]);
  });

  it('asks to spend a one-time use only for a mutation', async () => {
    next = answer({});
    asked.length = 0;
    await run(agent(), 'mutation');
    expect(asked[0].variables.consume).toBe(true);
  });

  it('refuses the whole request with 403 FORBIDDEN and the reason, naming the enterprise for its record only', async () => {
    next = answer({ inEffect: false, reason: `delegation ${ID} was revoked at 2026-12-01T08:00:00.000Z` });
    const { caller, error } = await run(agent());
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', delegationId: ID, http: { status: 403 } });
    expect(error.message).toContain('was revoked');
    expect(caller.uscc).toBe(USCC);
    expect(caller.delegation).toBeUndefined();
  });

  it('refuses (503) rather than lets through when the store cannot be asked', async () => {
    next = () => ({ errors: [{ message: 'boom' }] });
    const { error } = await run(agent());
    expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', http: { status: 503 } });
    const { error: unreachable } = await run(agent(), 'query', 'http://127.0.0.1:9/');
    expect(unreachable.extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('leaves every other caller, and an agent naming no delegation, untouched and unasked', async () => {
    asked.length = 0;
    const enterprise: Caller = { sub: 'e', role: 'enterprise', uscc: USCC, requestId: 'r', purpose: 'SELF_SERVICE' };
    expect((await run(enterprise)).caller).toBe(enterprise);
    const listing = agent({ delegationId: undefined });
    expect((await run(listing)).caller).toBe(listing);
    expect(asked).toEqual([]);
  });
});
