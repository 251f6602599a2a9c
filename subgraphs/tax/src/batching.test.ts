import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApolloServer } from '@apollo/server';
import { createLogger } from '@district/runtime';
import { systemCaller } from '@district/domain';
import { type DepartmentSubgraphParts, type RunningSubgraph } from '@district/subgraph-kit';
import { SAMPLE_USCC } from '@district/dataset';
import type { TaxAdapter } from './adapter.ts';
import type { QueryKind } from './codes.ts';
import type { TaxConfig } from './config.ts';
import { departmentSubgraph } from './index.ts';
import { createLoaders, type Loaders, type TaxContext } from './loaders.ts';
import { entities, startBackend, startTestSubgraph } from './test-kit.ts';

let backend: Awaited<ReturnType<typeof startBackend>>;
let subgraph: RunningSubgraph;
let usccs: string[];
beforeAll(async () => {
  backend = await startBackend();
  // These counts are about batching: without the cache every query pays its calls (cache.test.ts counts with it).
  subgraph = await startTestSubgraph(backend.url, { CACHE_ENABLED: 'false' });
  usccs = backend.dataset.enterprises.slice(0, 200).map((e) => e.uscc);
});
afterAll(async () => {
  await subgraph?.stop();
  await backend?.close();
});
beforeEach(() => backend.sim.resetStats());

const DASHBOARD = 'tax { status creditGrade { grade } hasArrears arrearsTotal }';
const EVERYTHING = `tax { name status formerName creditGrade { grade } creditHistory { year } hasArrears arrearsTotal arrears { amount }
  declarations(lastMonths: 6) { taxPayable } overdueDeclarations { dueOn } payments { ticketNo amount paidOn } invoiceQuota { remaining } }
  taxEvents { at kind }`;

describe('backend calls per _entities fetch (counted by the stand-in)', () => {
  it('costs exactly 3 calls for 120 enterprises asking status, credit grade and arrears', async () => {
    const r = await entities(subgraph.url, usccs.slice(0, 120), DASHBOARD);
    expect(r.errors).toBeUndefined();
    expect(r.data._entities.filter((e: any) => e.tax).length).toBeGreaterThan(100);
    expect(backend.sim.stats()).toMatchObject({ requests: 3, byRoute: { 'SWZJ.HXZG.ZH.PLCXNSRXX': 3 } });
  });

  it('costs exactly 4 calls for a dashboard of 200 enterprises', async () => {
    await entities(subgraph.url, usccs, DASHBOARD);
    expect(backend.sim.stats().requests).toBe(4);
  });

  it('still costs 3 calls for 120 enterprises when every list and the events are asked too', async () => {
    const r = await entities(subgraph.url, usccs.slice(0, 120), EVERYTHING);
    expect(r.errors).toBeUndefined();
    expect(backend.sim.stats().requests).toBe(3);
  });

  it('makes no call when no tax field is selected', async () => {
    await entities(subgraph.url, usccs.slice(0, 10), '__typename');
    expect(backend.sim.stats().requests).toBe(0);
  });

  it('fetches head offices reached through TaxProfile.headOffice in one more batched call, reusing what the request already has', async () => {
    const alone = await entities(subgraph.url, [SAMPLE_USCC.branch], 'tax { headOffice { tax { name status } } }');
    expect(alone.data._entities[0].tax.headOffice.tax).toEqual({ name: '青岛海岸线科技有限公司', status: 'NORMAL' });
    expect(backend.sim.stats().requests).toBe(2);
    backend.sim.resetStats();
    await entities(subgraph.url, [SAMPLE_USCC.branch, SAMPLE_USCC.healthy], 'tax { headOffice { tax { name status } } }');
    expect(backend.sim.stats().requests).toBe(1);
  });
});

describe('query kinds asked of the bus', () => {
  const calls: { ids: number; kinds: QueryKind[] }[] = [];
  let server: ApolloServer<TaxContext>;
  let sub: DepartmentSubgraphParts<TaxConfig, TaxAdapter, Loaders>;
  beforeAll(async () => {
    // Which kinds each selection asks for, so every query goes to the bus: no cache here.
    sub = departmentSubgraph.build({ NODE_ENV: 'test', TAX_BACKEND_URL: backend.url, CACHE_ENABLED: 'false' }, { logger: createLogger('test', 'silent') });
    server = departmentSubgraph.createServer(sub.logger);
    await server.start();
  });
  afterAll(async () => { await server.stop(); await sub.close(); });
  beforeEach(() => void calls.splice(0));

  async function kindsFor(selection: string, extra = '') {
    const recording = { getTaxpayers: (ids: readonly string[], kinds: readonly QueryKind[]) => (calls.push({ ids: ids.length, kinds: [...kinds] }), sub.adapter.getTaxpayers(ids, kinds)) };
    const context = await sub.context({ caller: systemCaller('test') });
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { ${selection} } } } ${extra}`;
    const res = await server.executeOperation(
      { query, variables: { reps: [SAMPLE_USCC.healthy, SAMPLE_USCC.troubled].map((uscc) => ({ __typename: 'Enterprise', uscc })) } },
      { contextValue: { ...context, loaders: createLoaders({ adapter: recording, reads: sub.reads, freshness: context.freshness }) } },
    );
    expect(res.body.kind === 'single' && res.body.singleResult.errors).toBeFalsy();
    return calls;
  }

  it('asks only for 登记, 信用 and 欠税 for the dashboard fields', async () => {
    expect(await kindsFor(DASHBOARD)).toEqual([{ ids: 2, kinds: ['DJXX', 'XYDJ', 'QSXX'] }]);
  });

  it('asks only for 信用 when only the credit grade is selected', async () => {
    expect(await kindsFor('tax { creditGrade { grade } }')).toEqual([{ ids: 2, kinds: ['XYDJ'] }]);
  });

  it('asks for one kind when only fields every answer carries are selected', async () => {
    expect(await kindsFor('tax { taxpayerId name dataAsOf }')).toEqual([{ ids: 2, kinds: ['DJXX'] }]);
  });

  it('folds tax fields and taxEvents into one call, through fragments', async () => {
    const extra = 'fragment Money on TaxProfile { payments { amount } ... on TaxProfile { invoiceQuota { total } } }';
    expect(await kindsFor('tax { status ...Money } taxEvents { kind }', extra)).toEqual([{ ids: 2, kinds: ['DJXX', 'XYDJ', 'JKXX', 'QSXX', 'FPED'] }]);
  });
});
