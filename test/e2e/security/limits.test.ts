import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ALIASES, DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH, DEFAULT_MAX_TOKENS } from '@district/gateway/limits';
import { readGatewayConfig } from '@district/gateway/config';
import { startStack, type Stack } from '../../src/stack.ts';
import { LIFECYCLE } from '@district/gateway/graphiql-samples';

/** Building → enterprises → edges → node → building …: four levels per turn. */
function deep(turns: number, inner = 'uscc'): string {
  let q = inner;
  for (let i = 0; i < turns; i++) q = `building { id enterprises(first: 1) { edges { node { uscc ${q} } } } }`;
  return `{ enterprise(uscc: "91370212MA3C12346X") { ${q} } }`;
}

function expectRefused(res: { status: number; data?: unknown; errors?: { message: string; extensions?: Record<string, any> }[] }, limit: string, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors?.[0].extensions?.limit).toBe(limit);
  expect(res.errors?.[0].message).toMatch(message);
  expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
}

describe('operation limits (defaults)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('refuses an over-deep query, also when the depth hides in fragments', async () => {
    expect(DEFAULT_MAX_DEPTH).toBe(12);
    const fine = await stack.query(deep(2));
    expect(fine.errors).toBeUndefined();
    expectRefused(await stack.query(deep(3)), 'depth', /nested more than 12 levels deep/);
    const viaFragments = `
      query { enterprise(uscc: "91370212MA3C12346X") { ...A } }
      fragment A on Enterprise { building { enterprises(first: 1) { edges { node { ...B } } } } }
      fragment B on Enterprise { building { enterprises(first: 1) { edges { node { ...C } } } } }
      fragment C on Enterprise { building { ... on Building { enterprises(first: 1) { edges { node { uscc } } } } } }`;
    expectRefused(await stack.query(viaFragments), 'depth', /levels deep/);
  });

  it('refuses an alias bomb, counting a fragment each time it is spread', async () => {
    const many = Array.from({ length: DEFAULT_MAX_ALIASES + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    expectRefused(await stack.query(`{ ${many} }`), 'aliases', new RegExp(`more than ${DEFAULT_MAX_ALIASES} aliases`));
    const ten = Array.from({ length: 10 }, (_, i) => `b${i}: uscc`).join(' ');
    const spread = `query { enterprise(uscc: "91370212MA3C12346X") { ...F } x: enterprise(uscc: "91370212MA3C12346X") { ...F } y: enterprise(uscc: "91370212MA3C12346X") { ...F } }
      fragment F on Enterprise { ${ten} }`;
    expectRefused(await stack.query(spread), 'aliases', /aliases/);
    const few = await stack.query('{ a: __typename b: __typename }');
    expect(few.data).toEqual({ a: 'Query', b: 'Query' });
  });

  it('refuses a token flood before parsing it all', async () => {
    const flood = `{ ${'__typename '.repeat(DEFAULT_MAX_TOKENS)} }`;
    expectRefused(await stack.query(flood), 'tokens', new RegExp(`more than ${DEFAULT_MAX_TOKENS} tokens`));
  });

  it('refuses an over-cost query, with page sizes from literals and variables', async () => {
    const page = `query($n: Int) { enterprises(first: $n) { edges { node { uscc registration { name status } lifecycle { stage events { at kind department } } } } } }`;
    const small = await stack.query(page, { n: 5 });
    expect(small.errors?.find((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBeUndefined();
    expect(small.data.enterprises.edges.length).toBeGreaterThan(0);
    expectRefused(await stack.query(page, { n: 1000 }), 'cost', new RegExp(`costs more than ${DEFAULT_MAX_COST}`));
    const literal = '{ buildings(first: 100) { edges { node { enterprises(first: 100) { edges { node { uscc } } } } } } }';
    expectRefused(await stack.query(literal), 'cost', /ask for fewer fields or smaller pages/);
    // A page larger than the subgraphs serve counts as the largest they do serve (200).
    const capped = await stack.query('{ enterprises(first: 5000) { edges { cursor } } }');
    expect(capped.errors).toBeUndefined();
  });

  it('says what an operation costs: extensions.cost on every answer, the estimate and the limit in a refusal', async () => {
    // The README's Lifecycle query: its lists are sized as the subgraphs declare them (@listSize).
    const lifecycle = await stack.query(LIFECYCLE);
    expect(lifecycle.status).toBe(200);
    // (Beside it, extensions.asOf when an earlier test of this stack left the enterprise in a cache.)
    expect((lifecycle as { extensions?: { cost?: unknown } }).extensions?.cost).toEqual({ estimated: expect.any(Number), limit: DEFAULT_MAX_COST });
    // A page of 200 enterprises, each with its whole lifecycle: 200 × (20 events …) is too much.
    const refused = await stack.query('{ enterprises(first: 200) { edges { node { uscc lifecycle { events { at kind department title } } } } } }');
    expectRefused(refused, 'cost', /costs more than 5000 \(estimated \d+/);
    expect(refused.errors?.[0].extensions?.cost).toEqual({ estimated: expect.any(Number), limit: DEFAULT_MAX_COST });
    expect(refused.errors?.[0].extensions?.cost.estimated).toBeGreaterThan(DEFAULT_MAX_COST);
  });

  it('lets an ordinary dashboard query through', async () => {
    const res = await stack.query('{ building(id: "LS-B001") { name enterprises(first: 20) { totalCount edges { node { uscc registration { name } lifecycle { stage } } } } } }');
    expect(res.errors?.find((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBeUndefined();
  });
});

describe('operation limits (configured)', () => {
  it('reads GATEWAY_MAX_* from the environment', () => {
    const { limits } = readGatewayConfig({ NODE_ENV: 'test', GATEWAY_MAX_DEPTH: '5', GATEWAY_MAX_ALIASES: '3', GATEWAY_MAX_TOKENS: '100', GATEWAY_MAX_COST: '50', GATEWAY_DEFAULT_LIST_SIZE: '7', GATEWAY_MAX_PAGE_SIZE: '50' });
    expect(limits).toEqual({ maxDepth: 5, maxAliases: 3, maxTokens: 100, maxCost: 50, defaultListSize: 7, maxPageSize: 50 });
    expect(() => readGatewayConfig({ NODE_ENV: 'test', GATEWAY_MAX_DEPTH: 'deep' })).toThrow(/GATEWAY_MAX_DEPTH/);
  });

  it('applies them at the gateway', async () => {
    const stack = await startStack({ env: { GATEWAY_MAX_DEPTH: '3', GATEWAY_MAX_ALIASES: '1' } });
    try {
      expectRefused(await stack.query('{ enterprise(uscc: "91370212MA3C12346X") { registration { name } lifecycle { events { at } } } }'), 'depth', /more than 3 levels/);
      expectRefused(await stack.query('{ a: __typename b: __typename }'), 'aliases', /more than 1 aliases/);
    } finally {
      await stack.stop();
    }
  });
});
