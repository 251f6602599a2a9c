import { postSigned, signedHeaders } from '@district/subgraph-kit/testing';
import { SUBGRAPH_MAX_BODY_BYTES } from '@district/subgraph-kit';
import { ERROR_CODES } from '@district/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServicesConfig } from './config.ts';
import { startServicesSubgraph, type RunningServices } from './server.ts';

let services: RunningServices;

/** Every store test runs on PGlite, and on PostgreSQL too when DATABASE_URL is set (CI sets it). */
const stores = [
  { kind: 'pglite', env: {} as Record<string, string> },
  ...(process.env.DATABASE_URL ? [{ kind: 'postgres', env: { DATABASE_URL: process.env.DATABASE_URL } }] : []),
];

const gql = (query: string, variables?: Record<string, unknown>) => postSigned(services.url, query, variables);

describe.each(stores)('services subgraph on $kind', ({ env }) => {
  const schema = `t_services_${process.pid}_${Date.now().toString(36)}`;
  beforeAll(async () => {
    services = await startServicesSubgraph(readServicesConfig({ NODE_ENV: 'test', LIFECYCLE_TODAY: '2026-11-01', DATABASE_SCHEMA: schema, ...env }), { port: 0 });
  });
  afterAll(async () => {
    if (services?.db.kind === 'postgres') await services.db.query(`DROP SCHEMA ${schema} CASCADE`);
    await services?.stop();
  });

  it('lists the district buildings a page at a time', async () => {
    const first = await gql('{ buildings(first: 2) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }');
    expect(first.data.buildings.totalCount).toBe(130);
    expect(first.data.buildings.edges.map((e: any) => e.node.id)).toEqual(['LS-B001', 'LS-B002']);
    const next = await gql('query($after: String) { buildings(first: 2, after: $after) { edges { node { id } } } }', { after: first.data.buildings.pageInfo.endCursor });
    expect(next.data.buildings.edges.map((e: any) => e.node.id)).toEqual(['LS-B003', 'LS-B004']);
  });

  it('shows a building with its 楼小二, phone numbers masked', async () => {
    const { data } = await gql('{ building(id: "LS-B001") { name address staff { name phone } } }');
    expect(data.building).toEqual({
      name: '金岭国际大厦', address: '山东省青岛市崂山区海尔路180号',
      staff: [{ name: '于晓燕', phone: '138****1101' }, { name: '孙浩然', phone: '139****1102' }],
    });
  });

  it('answers null for a building that does not exist', async () => {
    expect((await gql('{ building(id: "LS-B999") { id } }')).data.building).toBeNull();
  });

  it('merges the departments events into one timeline with a derived stage, naming departments that were missing', async () => {
    const ev = (at: string, department: string, kind: string) => ({ at, department, kind, title: kind, detail: null });
    const { data, errors } = await gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { lifecycle { stage stageLabel incompleteDepartments events { at department kind } } } } }`,
      {
        reps: [{
          __typename: 'Enterprise', uscc: '91370212MA3C12346X',
          marketEvents: [ev('2016-03-18', 'MARKET', 'ESTABLISHED')],
          taxEvents: [ev('2016-03-25', 'TAX', 'TAX_REGISTERED')],
          medicalInsuranceEvents: null,
          realEstateEvents: [ev('2019-05-20', 'REAL_ESTATE', 'PROPERTY_ACQUIRED')],
        }],
      },
    );
    expect(errors).toBeUndefined();
    const lifecycle = data._entities[0].lifecycle;
    expect(lifecycle.stage).toBe('OPERATING');
    expect(lifecycle.stageLabel).toBe('运营');
    expect(lifecycle.incompleteDepartments).toEqual(['MEDICAL_INSURANCE']);
    expect(lifecycle.events.map((e: any) => e.kind)).toEqual(['ESTABLISHED', 'TAX_REGISTERED', 'PROPERTY_ACQUIRED']);
  });

  it('refuses a malformed request with a code of the registry and the right status, whatever was wrong', async () => {
    const post = async (body: string, extra: Record<string, string> = {}) => {
      const res = await fetch(services.url, { method: 'POST', headers: { ...(await signedHeaders()), ...extra }, body });
      const answer = (await res.json()) as { errors: { extensions: { code: string } }[] };
      return [res.status, answer.errors[0].extensions.code] as const;
    };
    const refusals = [
      [await post('{"query": '), [400, 'BAD_REQUEST']],
      [await post(`{"query": "${'x'.repeat(SUBGRAPH_MAX_BODY_BYTES)}"}`), [413, 'PAYLOAD_TOO_LARGE']],
      [await post(JSON.stringify({ query: '{ buildings(' })), [400, 'GRAPHQL_PARSE_FAILED']],
      [await post(JSON.stringify({ query: '{ nothingHere }' })), [400, 'GRAPHQL_VALIDATION_FAILED']],
      [await post(JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'C' })), [400, 'OPERATION_RESOLUTION_FAILURE']],
    ] as const;
    for (const [got, expected] of refusals) expect(got).toEqual(expected);
    for (const [[, code]] of refusals) expect(Object.keys(ERROR_CODES), code).toContain(code);
  });
});

