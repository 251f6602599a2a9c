import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
  type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import { startStack, type Stack } from '../../src/stack.ts';

/**
 * A client's mistake is a 4xx with a code that says so, at the gateway and at the subgraphs:
 * never a 500, a dropped connection, or an outage of a department that answered.
 */
let stack: Stack;
let schema: GraphQLSchema;
beforeAll(async () => {
  stack = await startStack();
  const introspection = await stack.query(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data);
});
afterAll(() => stack?.stop());

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(await stack.authHeaders()), ...headers }, body });
  return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions?: Record<string, any> }[]; data?: unknown } };
}

describe('which operation to run', () => {
  it('answers an unknown operationName with 400 OPERATION_RESOLUTION_FAILURE naming the operations the document holds', async () => {
    const res = await post(`${stack.gateway.url}/graphql`, JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'C' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'no operation named "C": the document holds A, B', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }]);
  });

  it('answers two operations without an operationName with 400, asking for one', async () => {
    const res = await post(`${stack.gateway.url}/graphql`, JSON.stringify({ query: 'query A { __typename } query B { __typename }' }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(res.body.errors?.[0].message).toMatch(/operationName is required.*A, B/);
  });

  it('runs the operation named when the document holds several', async () => {
    const res = await post(`${stack.gateway.url}/graphql`, JSON.stringify({ query: 'query A { __typename } query B { b: __typename }', operationName: 'B' }));
    expect(res).toEqual({ status: 200, body: { data: { b: 'Query' }, extensions: { cost: { estimated: 0, limit: 5000 } } } });
  });
});

describe('request bodies over the limit', () => {
  const LIMIT = 1_048_576; // the gateway's MAX_BODY_BYTES default
  const oversized = (bytes: number) => JSON.stringify({ query: `{ __typename }${' '.repeat(bytes)}` });

  it('answers the gateway 413 with a JSON error naming the limit, and the connection stays usable', async () => {
    const res = await post(`${stack.gateway.url}/graphql`, oversized(LIMIT + 10));
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual([{ message: `request body is larger than ${LIMIT} bytes, the most this server accepts`, extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes: LIMIT } }]);
    const next = await post(`${stack.gateway.url}/graphql`, JSON.stringify({ query: '{ __typename }' }));
    expect(next.status).toBe(200);
  });

  it('answers a subgraph 413 too, before it looks at the caller', async () => {
    const res = await post(stack.subgraphs.market.url, oversized(10 * 1024 * 1024 + 10));
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE', maxBytes: 10 * 1024 * 1024 });
  });
});

describe('persisted queries', () => {
  it('answers a hash that does not match its query with 400 PERSISTED_QUERY_HASH_MISMATCH', async () => {
    const res = await post(`${stack.gateway.url}/graphql`, JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toEqual({ message: 'provided sha does not match query', extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } });
  });
});

describe('messages that quote the input', () => {
  it('never echo a huge literal whole', async () => {
    const res = await stack.query(`{ enterprises(first: "${'9'.repeat(200_000)}") { totalCount } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message.length).toBeLessThan(1_100);
  });
});

/**
 * Every argument of every root field that carries a subgraph's own scalar (Money, Date, DateTime:
 * the gateway passes them through unchecked) sent with a value that scalar refuses: the
 * subgraph's BAD_USER_INPUT reaches the client with 400, never DEPARTMENT_UNAVAILABLE.
 */
const BAD_SCALAR_VALUES: Record<string, unknown> = { Money: 'abc', Date: '2026-13-45', DateTime: 'yesterday' };

/** A value for `type` in which every path to one of BAD_SCALAR_VALUES' scalars holds the bad value. */
function sample(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return sample(type.ofType, depth);
  if (isListType(type)) return [sample(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    if (depth > 4) return undefined;
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, sample(f.type, depth + 1)]).filter(([, v]) => v !== undefined));
  }
  if (isScalarType(type)) {
    if (type.name in BAD_SCALAR_VALUES) return BAD_SCALAR_VALUES[type.name];
    return type.name === 'Int' || type.name === 'Float' ? 1 : type.name === 'Boolean' ? false : 'x';
  }
  return undefined;
}

function carriesOwnScalar(type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return named.name in BAD_SCALAR_VALUES;
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => carriesOwnScalar(f.type, seen));
}

function rootFieldsWithOwnScalars(): { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const out: { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
  for (const [operation, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(root?.getFields() ?? {})) if (field.args.some((a) => carriesOwnScalar(a.type))) out.push({ operation, field });
  }
  return out;
}

describe("a subgraph's refusal of the client's input", () => {
  it('covers the mutations that take money and dates', () => {
    const names = rootFieldsWithOwnScalars().map((r) => r.field.name);
    expect(names).toContain('openEnterprise');
  });

  it('reaches the client as the subgraph said it, with 400, for every root field taking money or dates', async () => {
    const fields = rootFieldsWithOwnScalars();
    for (const { operation, field } of fields) {
      const args = field.args.filter((a) => isNonNullType(a.type) || carriesOwnScalar(a.type));
      const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type)]));
      const declared = args.map((a) => `$${a.name}: ${a.type}`).join(', ');
      const passed = args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const selection = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
      const res = await stack.query(`${operation} Probe(${declared}) { ${field.name}(${passed})${selection} }`, variables);
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      expect({ field: field.name, status: res.status, codes }).toEqual({ field: field.name, status: 400, codes: codes.map(() => 'BAD_USER_INPUT') });
      expect(codes.length).toBeGreaterThan(0);
      // A request refused as a whole has no data entry at all.
      expect('data' in res, field.name).toBe(false);
    }
  });

  it('answers a literal the subgraph refuses with 400 GRAPHQL_VALIDATION_FAILED naming the scalar, not an outage', async () => {
    const window = await stack.authHeaders({ role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'w-1' });
    const res = await stack.query(`mutation { openEnterprise(input: { idempotencyKey: "client-errors-0001", name: "青岛崂山试试科技有限公司", registeredCapital: "abc",
      address: "山东省青岛市崂山区海尔路1号", businessScope: "软件开发", legalRepresentative: { name: "张三", idNumber: "370212198001011235", phone: "13800000001" } }) { id } }`, undefined, window);
    expect(res.status).toBe(400);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', serviceName: 'services' });
    expect(res.errors?.[0].message).toMatch(/Money/);
  });
});
