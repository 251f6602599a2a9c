import { postSigned } from '@district/subgraph-kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDataset, SAMPLE_USCC } from '@district/dataset';
import { call } from '@district/backends/real-estate/test-client';
import { KIND } from './cache-policy.ts';
import { startTestStack, startTestSubgraph, type TestStack } from './test-kit.ts';

/** One subgraph (and cache) for the whole file; tests that count registry calls start their own. */
let stack: TestStack;

beforeAll(async () => void (stack = await startTestStack()));
afterAll(() => stack?.stop());
beforeEach(() => stack.backend.sim.resetStats());
afterEach(() => stack.backend.sim.clearFaults());

const gql = (query: string, variables?: Record<string, unknown>, url = stack.subgraph.url) => postSigned(url, query, variables);

const HOLDINGS = `realEstate {
  registeredName currentUnitCount hasMortgage hasSeizure
  rights(includeHistorical: true) { certificateNo unitNo location rightType rightTypeCode status endedOn endedBy holderName holder { uscc } }
  currentMortgages: mortgages { certificateNo method securedAmount mortgagee unitNo }
  seizures { kind authority documentNo from to unitNo }
}`;

async function entities(usccs: string[], selection = HOLDINGS, url = stack.subgraph.url) {
  return gql(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { uscc ${selection} } } }`, {
    reps: usccs.map((uscc) => ({ __typename: 'Enterprise', uscc })),
  }, url);
}

const one = async (uscc: string, selection?: string) => {
  const { data, errors } = await entities([uscc], selection);
  expect(errors).toBeUndefined();
  return data._entities[0];
};

describe('Enterprise.realEstate for the sample enterprises', () => {
  it('shows the troubled enterprise\'s two units in 崂山科创中心 with a current mortgage and a current renewed seizure', async () => {
    const { realEstate } = await one(SAMPLE_USCC.troubled);
    expect(realEstate).toMatchObject({ registeredName: '青岛浮山建设工程有限公司', currentUnitCount: 2, hasMortgage: true, hasSeizure: true });
    expect(realEstate.rights.map((r: any) => [r.location, r.status, r.rightType, r.rightTypeCode])).toEqual([
      ['山东省青岛市崂山区株洲路151号崂山科创中心1101室', 'CURRENT', 'STATE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP', '4'],
      ['山东省青岛市崂山区株洲路151号崂山科创中心1102室', 'CURRENT', 'STATE_CONSTRUCTION_LAND_USE_AND_BUILDING_OWNERSHIP', '4'],
    ]);
    expect(realEstate.rights[0].holder).toEqual({ uscc: SAMPLE_USCC.troubled });
    expect(realEstate.currentMortgages).toEqual([{
      certificateNo: '鲁(2022)青岛市崂山区不动产证明第7442539号', method: 'GENERAL', securedAmount: '5100000.00',
      mortgagee: '中国银行股份有限公司青岛崂山支行', unitNo: '370212001008GB00102F00011101',
    }]);
    expect(realEstate.seizures).toEqual([{
      kind: 'RENEWED', authority: '山东省青岛市崂山区人民法院', documentNo: '(2024)鲁0212民初3663号', from: '2024-10-12', to: '2027-10-11',
      unitNo: '370212001008GB00102F00011102',
    }]);
  });

  it('shows the healthy enterprise\'s one unit in 金岭国际大厦 without any encumbrance', async () => {
    const { realEstate } = await one(SAMPLE_USCC.healthy);
    expect(realEstate).toMatchObject({ currentUnitCount: 1, hasMortgage: false, hasSeizure: false, currentMortgages: [], seizures: [] });
    expect(realEstate.rights).toEqual([expect.objectContaining({
      location: '山东省青岛市崂山区海尔路180号金岭国际大厦1608室', certificateNo: '鲁(2019)青岛市崂山区不动产权第0104729号', status: 'CURRENT',
    })]);
  });

  it('shows the deregistered enterprise\'s right as historical, transferred away on 2024-03-01, and nothing current', async () => {
    const { realEstate } = await one(SAMPLE_USCC.deregistered);
    expect(realEstate).toMatchObject({ currentUnitCount: 0, hasMortgage: false, hasSeizure: false });
    expect(realEstate.rights).toEqual([expect.objectContaining({ status: 'HISTORICAL', endedOn: '2024-03-01', endedBy: 'TRANSFER' })]);
    const { currentRights } = await one(SAMPLE_USCC.deregistered, 'currentRights: realEstate { rights { certificateNo } }');
    expect(currentRights.rights).toEqual([]);
  });

  it('shows the renamed enterprise under its old registered name until it registers the change of name, and the new one once its cached holdings are dropped', async () => {
    const before = await one(SAMPLE_USCC.renamed, `${HOLDINGS} realEstateEvents { kind }`);
    expect(before.realEstate.registeredName).toBe('青岛云帆网络科技有限公司');
    expect(before.realEstate.rights.map((r: any) => r.holderName)).toEqual(['青岛云帆网络科技有限公司']);
    expect(before.realEstateEvents.map((e: any) => e.kind)).not.toContain('HOLDER_RENAMED');
    try {
      const write = await call(stack.backend.url, 'DJ_QLRMCBG', `<ZJH>${SAMPLE_USCC.renamed}</ZJH><XQLRMC>青岛云帆信息技术有限公司</XQLRMC>` +
        '<BGYJ><WJBH>（青崂）登记内变字〔2022〕第0815号</WJBH><HZRQ>2022-08-15</HZRQ></BGYJ>');
      expect(write.head.Code).toBe('0000');
      // Registered behind our back (not through this subgraph): the cached holdings stand until their TTL ...
      const cached = await one(SAMPLE_USCC.renamed, 'realEstate { registeredName }');
      expect(cached.realEstate.registeredName).toBe('青岛云帆网络科技有限公司');
      // ... or until they are invalidated, as a write through this subgraph will do.
      await stack.subgraph.reads.invalidate(KIND.holdings, [SAMPLE_USCC.renamed]);
      const after = await one(SAMPLE_USCC.renamed, `${HOLDINGS} realEstateEvents { kind title detail }`);
      expect(after.realEstate.registeredName).toBe('青岛云帆信息技术有限公司');
      expect(after.realEstate.rights.map((r: any) => [r.holderName, r.status, r.endedBy])).toEqual([
        ['青岛云帆网络科技有限公司', 'HISTORICAL', 'CHANGE'],
        ['青岛云帆信息技术有限公司', 'CURRENT', null],
      ]);
      expect(after.realEstateEvents).toContainEqual({ kind: 'HOLDER_RENAMED', title: '权利人名称变更登记', detail: '青岛云帆网络科技有限公司 → 青岛云帆信息技术有限公司' });
    } finally {
      await fetch(`${stack.backend.url}/__sim/state/reset`, { method: 'POST' });
      await stack.subgraph.reads.invalidate(KIND.holdings, [SAMPLE_USCC.renamed]);
    }
  });

  it('gives an enterprise the register knows nothing of empty lists and zero counts, not null, and no events', async () => {
    const entity = await one(SAMPLE_USCC.individual, `${HOLDINGS} realEstateEvents { kind }`);
    expect(entity.realEstate).toEqual({ registeredName: null, currentUnitCount: 0, hasMortgage: false, hasSeizure: false, rights: [], currentMortgages: [], seizures: [] });
    expect(entity.realEstateEvents).toEqual([]);
  });

  it('derives the troubled enterprise\'s events, oldest first, without amounts', async () => {
    const { realEstateEvents } = await one(SAMPLE_USCC.troubled, 'realEstateEvents { at department kind title detail }');
    expect(realEstateEvents.map((e: any) => [e.at, e.kind])).toEqual([
      ['2013-11-12', 'PROPERTY_ACQUIRED'], ['2016-07-22', 'PROPERTY_ACQUIRED'], ['2016-11-15', 'MORTGAGED'], ['2018-11-19', 'MORTGAGE_RELEASED'],
      ['2022-02-12', 'MORTGAGED'], ['2024-10-12', 'SEIZED'],
    ]);
    expect(realEstateEvents.every((e: any) => e.department === 'REAL_ESTATE')).toBe(true);
    expect(realEstateEvents.find((e: any) => e.kind === 'SEIZED')).toMatchObject({ title: '查封登记（续封）', detail: '山东省青岛市崂山区人民法院 (2024)鲁0212民初3663号' });
    expect(JSON.stringify(realEstateEvents)).not.toMatch(/510|万元/);
  });

  it('dates the deregistered enterprise\'s disposal on the day its right was transferred away', async () => {
    const { realEstateEvents } = await one(SAMPLE_USCC.deregistered, 'realEstateEvents { at kind }');
    expect(realEstateEvents.at(-1)).toEqual({ at: '2024-03-01', kind: 'PROPERTY_DISPOSED' });
  });
});

describe('batching and failures', () => {
  // A subgraph of its own per test, with an empty cache and a closed circuit: the counts are about batching.
  let fresh: TestStack['subgraph'];
  beforeEach(async () => {
    fresh = await startTestSubgraph(stack.backend.url);
  });
  afterEach(async () => {
    await fresh?.stop();
  });

  it('answers 45 enterprises in one _entities call with exactly 3 registry calls, whatever fields are asked', async () => {
    const usccs = getDataset().enterprises.slice(0, 45).map((e) => e.uscc);
    const { data, errors } = await entities(usccs, `${HOLDINGS} realEstateEvents { kind }`, fresh.url);
    expect(errors).toBeUndefined();
    expect(data._entities).toHaveLength(45);
    expect(data._entities.map((e: any) => e.uscc)).toEqual(usccs);
    expect(stack.backend.sim.stats().requests).toBe(3);
  });

  it('turns a registry outage, with nothing cached, into null fields with DEPARTMENT_UNAVAILABLE naming the department, keeping the entity', async () => {
    stack.backend.sim.setFaults({ outage: true });
    const { data, errors } = await entities([SAMPLE_USCC.healthy, SAMPLE_USCC.troubled], 'realEstate { currentUnitCount } realEstateEvents { kind }', fresh.url);
    expect(data._entities).toEqual([
      { uscc: SAMPLE_USCC.healthy, realEstate: null, realEstateEvents: null },
      { uscc: SAMPLE_USCC.troubled, realEstate: null, realEstateEvents: null },
    ]);
    expect(errors).toHaveLength(4);
    expect(errors!.every((e) => e.extensions.code === 'DEPARTMENT_UNAVAILABLE' && e.extensions.department === 'REAL_ESTATE' && e.extensions.reason === 'OUTAGE')).toBe(true);
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|stack/);
    // One batch, tried once and retried twice (REAL_ESTATE_RETRIES defaults to 2).
    expect(stack.backend.sim.stats().requests).toBe(3);
  });

  it('fails only the fields of an enterprise whose USCC fails its check character, never its batch', async () => {
    const pilot = '91350100M0001TGQXM';
    const { data, errors } = await entities([SAMPLE_USCC.healthy, pilot], 'realEstate { currentUnitCount }', fresh.url);
    expect(data._entities).toEqual([{ uscc: SAMPLE_USCC.healthy, realEstate: { currentUnitCount: 1 } }, { uscc: pilot, realEstate: null }]);
    expect(errors).toEqual([expect.objectContaining({ path: ['_entities', 1, 'realEstate'], extensions: expect.objectContaining({ code: 'DEPARTMENT_REJECTED', department: 'REAL_ESTATE' }) })]);
    expect(stack.backend.sim.stats().requests).toBe(1);
  });
});
