import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import type { AccessRecordInput } from '@district/audit';
import { createLogger } from '@district/runtime';
import { startSubgraph, type RunningSubgraph } from './subgraph.ts';
import { SUBGRAPH_MAX_BATCH_OPERATIONS } from '@district/runtime';
import { signedHeaders } from './testing.ts';
import { buildUscc, isValidUscc } from '@district/domain';

/**
 * The subgraph HTTP front as the gateway's operation batching uses it (gateway/src/batching/
 * operations.ts): a JSON list of operations in one request, answered in order, sharing one context.
 */
const typeDefs = parse(`
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible", "@composeDirective"])
    @link(url: "https://district.example/sensitivity/v1.0", import: ["@sensitivity"])
  type Query { echo(uscc: ID!): String  contexts: Int  day(on: Date, amount: Money): String }
  type Mutation { touch: Int }
`);

let running: RunningSubgraph;
let contextsMade = 0;
let touched = 0;
const refused: AccessRecordInput[] = [];

beforeAll(async () => {
  running = await startSubgraph({
    name: 'market',
    typeDefs,
    resolvers: {
      Query: { day: (_: unknown, { on, amount }: { on?: string; amount?: string }) => on ?? amount, echo: (_: unknown, { uscc }: { uscc: string }) => uscc, contexts: (_: unknown, __: unknown, ctx: { n: number }) => ctx.n },
      Mutation: { touch: () => ++touched },
    },
    context: async () => ({ n: ++contextsMade }),
    logger: createLogger('subgraph-test', 'silent'),
    port: 0,
    env: { SUBGRAPH_VERIFY_CONTEXT: 'true' },
    recordRefusals: async (records) => void refused.push(...records),
  });
});
afterAll(() => running?.stop());

const post = async (body: unknown, headers: Record<string, string>) => {
  const res = await fetch(running.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
};
const echo = (uscc: string) => ({ query: 'query E($uscc: ID!) { echo(uscc: $uscc) contexts }', variables: { uscc } });

describe('batched requests to a subgraph', () => {
  it('answers a list of operations in order, all in one context', async () => {
    const before = contextsMade;
    const { status, body } = await post([echo('A'), echo('B'), echo('C')], await signedHeaders());
    expect(status).toBe(200);
    expect(body.map((r: any) => r.data.echo)).toEqual(['A', 'B', 'C']);
    expect(contextsMade).toBe(before + 1);
    expect(new Set(body.map((r: any) => r.data.contexts)).size).toBe(1);
  });

  it(`takes a list of ${SUBGRAPH_MAX_BATCH_OPERATIONS} operations, and refuses one more before running any`, async () => {
    const full = await post(Array.from({ length: SUBGRAPH_MAX_BATCH_OPERATIONS }, () => echo('A')), await signedHeaders());
    expect(full.status).toBe(200);
    expect(full.body).toHaveLength(SUBGRAPH_MAX_BATCH_OPERATIONS);
    const before = contextsMade;
    const { status, body } = await post(Array.from({ length: SUBGRAPH_MAX_BATCH_OPERATIONS + 1 }, () => echo('A')), await signedHeaders());
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(body.errors[0].message).toContain(`at most ${SUBGRAPH_MAX_BATCH_OPERATIONS}`);
    expect(contextsMade).toBe(before);
  });

  it('refuses a mutation sent in a batch without running it, and answers the queries beside it', async () => {
    const { body } = await post([echo('A'), { query: 'mutation { touch }' }], await signedHeaders());
    expect(body[0].data.echo).toBe('A');
    expect(body[1].errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(body[1].errors[0].message).toContain('mutation cannot be sent in a batched request');
    expect(touched).toBe(0);
    const alone = await post({ query: 'mutation { touch }' }, await signedHeaders());
    expect(alone.body.data.touch).toBe(1);
  });

  it('refuses an unsigned batch and records what every operation in it reached for', async () => {
    const usccs = ['MA3C8U1R', 'MA3CDE3X'].map((body) => buildUscc('9', '1', '370200', body));
    expect(usccs.every(isValidUscc)).toBe(true);
    const { status } = await post(usccs.map(echo), { 'content-type': 'application/json' });
    expect(status).toBe(401);
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    expect(refused.at(-1)).toMatchObject({ outcome: 'DENIED', fields: ['Query.echo', 'Query.contexts'] });
    expect([...refused.at(-1)!.subjects].sort()).toEqual([...usccs].sort());
  });
});

describe('errors about an argument', () => {
  it('quote a short prefix of an over-long value, in a variable or a literal, and still say what is wrong', async () => {
    const huge = '2'.repeat(900_000);
    for (const body of [
      { query: 'query($on: Date) { day(on: $on) }', variables: { on: huge } },
      { query: 'query($a: Money) { day(amount: $a) }', variables: { a: huge } },
      { query: `{ day(on: "${huge}") }` },
    ]) {
      const { status, body: reply } = await post(body, await signedHeaders());
      expect(status).toBe(400);
      expect(reply.errors).toHaveLength(1);
      expect(reply.errors[0].extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(reply.errors[0].message).toMatch(/(Date|Money) must be/);
      expect(reply.errors[0].message).toContain('…(900000 characters)');
      expect(JSON.stringify(reply).length).toBeLessThan(1_000);
    }
  });
});

describe('where a refused call is recorded by default', () => {
  it('at services where PORT_BASE puts it, when SERVICES_SUBGRAPH_URL is unset', async () => {
    const received: string[] = [];
    const services = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push(body);
        const inputs = JSON.parse(body).variables.inputs as unknown[];
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { recordAccesses: inputs.map((_, i) => ({ seq: i + 1 })) } }));
      });
    });
    // services sits 5 above the base (4005 over 4000): a free port there gives the base.
    await new Promise<void>((resolve) => services.listen(0, '127.0.0.1', resolve));
    const base = (services.address() as AddressInfo).port - 5;
    const moved = await startSubgraph({
      name: 'market', typeDefs, resolvers: { Query: { echo: (_: unknown, { uscc }: { uscc: string }) => uscc } }, context: async () => ({}),
      logger: createLogger('subgraph-test', 'silent'), port: 0, env: { SUBGRAPH_VERIFY_CONTEXT: 'true', PORT_BASE: String(base) },
    });
    try {
      const res = await fetch(moved.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(echo('X')) });
      expect(res.status).toBe(401);
      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toContain('recordAccesses');
    } finally {
      await moved.stop();
      await new Promise((resolve) => services.close(resolve));
    }
  });
});
