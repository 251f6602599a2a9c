import { postSigned as gql } from '@district/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SAMPLE_USCC } from '@district/dataset';
import { holderReply, replyXml, rightRecord, startScriptedRegistry, startTestStack, startTestSubgraph, toXml, type TestStack } from './test-kit.ts';

let stack: TestStack;

beforeAll(async () => void (stack = await startTestStack()));
afterAll(() => stack?.stop());
beforeEach(() => stack.backend.sim.resetStats());


const UNIT = `unitNo location floorArea exclusiveArea sharedArea
  parcel { code area landUse term { from to } }
  building { buildingNo roomNo floor totalFloors use structure completedYear }
  rights { certificateNo holderName holderIdNumber holder { uscc } }
  seizures { kind }`;

const unitQuery = (unitNo: string) => gql(stack.subgraph.url, `query($n: ID!) { propertyUnit(unitNo: $n) { ${UNIT} } }`, { n: unitNo });

describe('Query.propertyUnit', () => {
  it('shows a unit with its parcel, its building details and its holder as an Enterprise reference', async () => {
    const { data, errors } = await unitQuery('370212001008GB00102F00011102');
    expect(errors).toBeUndefined();
    expect(data.propertyUnit).toEqual({
      unitNo: '370212001008GB00102F00011102', location: '山东省青岛市崂山区株洲路151号崂山科创中心1102室',
      floorArea: 320.81, exclusiveArea: 237.9, sharedArea: 82.91,
      parcel: { code: '370212001008GB00102', area: 14264.13, landUse: '商务金融用地', term: { from: '2012-09-22', to: '2052-09-21' } },
      building: { buildingNo: '0001', roomNo: '1102', floor: '11', totalFloors: 24, use: '办公', structure: '钢筋混凝土结构', completedYear: 2015 },
      rights: [{ certificateNo: '鲁(2016)青岛市崂山区不动产权第0170813号', holderName: '青岛浮山建设工程有限公司', holderIdNumber: SAMPLE_USCC.troubled, holder: { uscc: SAMPLE_USCC.troubled } }],
      seizures: [{ kind: 'RENEWED' }],
    });
  });

  it('answers null, without an error, for a well-formed number the register does not know', async () => {
    const { data, errors } = await unitQuery('370212001008GB00102F00019999');
    expect(errors).toBeUndefined();
    expect(data.propertyUnit).toBeNull();
  });

  it.each([
    ['370212001008GB00102F0001110', /must have 28 characters.*has 27/],
    ['370212001008XB00102F00011102', /character 13 \(宗地特征码, ownership\) must be G 国有, J 集体 or Z 未定, got "X"/],
    ['370212001008GB00102X00011102', /character 20 \(定着物特征码, fixture kind\) must be F 房屋, L 林木, Q 其他 or W 无定着物, got "X"/],
    ['37021200100AGB00102F00011102', /characters 10–12 \(地籍子区, cadastral sub-district\) must be 3 digits, got "00A"/],
  ])('refuses the malformed unit number %s with BAD_USER_INPUT saying what is wrong, without asking the registry', async (unitNo, reason) => {
    const { data, errors } = await unitQuery(unitNo);
    expect(data.propertyUnit).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringMatching(reason), extensions: { code: 'BAD_USER_INPUT', argument: 'unitNo' } })]);
    expect(stack.backend.sim.stats().requests).toBe(0);
  });

  it('resolves PropertyUnit references in batches of 20', async () => {
    // A subgraph with an empty cache of its own: units read by the tests above would be hits.
    const fresh = await startTestSubgraph(stack.backend.url);
    onTestFinished(() => fresh.stop());
    const unitNos = Array.from({ length: 25 }, (_, i) => `370212001008GB00102F0001${String(1101 + i)}`);
    const { data, errors } = await gql(fresh.url, 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on PropertyUnit { unitNo } } }', {
      reps: unitNos.map((unitNo) => ({ __typename: 'PropertyUnit', unitNo })),
    });
    expect(errors).toBeUndefined();
    expect(data._entities[0]).toEqual({ unitNo: '370212001008GB00102F00011101' });
    expect(stack.backend.sim.stats().requests).toBe(2);
  });
});

describe('personal data on the register', () => {
  it('masks a natural person\'s name and ID number, and gives no Enterprise for them', async () => {
    const person = rightRecord({ QLRMC: '张三丰', ZJZL: '1', ZJZLMC: '身份证', ZJH: '37021219900101123X', DJLX: '转移登记' });
    const unit = {
      BDCDYH: person.BDCDYH, ZDDM: '370212002007GB00101', ZL: person.ZL, ZDMJ: '9000.00', TDYT: '商务金融用地', SYQQSSJ: '2010-04-04', SYQJSSJ: '2050-04-03',
      ZRZH: '0001', HH: '1608', SZC: '16', ZCS: '28', GHYT: '办公', FWJG: '钢筋混凝土结构', JGSJ: '2012', JZMJ: '188.50', TNJZMJ: '149.72', FTJZMJ: '38.78',
      QLLIST: { QL: [person] },
    };
    const scripted = await startScriptedRegistry((req, s) => ({
      body: replyXml(s, req.body.includes('CX_BDCDY') ? toXml({ BDCDYLIST: { BDCDY: [unit] }, WJL: '' }) : holderReply(SAMPLE_USCC.healthy, [])),
    }));
    const other = await startTestSubgraph(scripted.url);
    try {
      const { data, errors } = await gql(other.url, `{ propertyUnit(unitNo: "${person.BDCDYH}") { rights { holderName holderIdNumber holder { uscc } } } }`);
      expect(errors).toBeUndefined();
      expect(data.propertyUnit.rights).toEqual([{ holderName: '张**', holderIdNumber: '370***********123X', holder: null }]);
      expect(JSON.stringify(data)).not.toMatch(/张三丰|37021219900101123X/);
    } finally {
      await other.stop();
      await scripted.close();
    }
  });
});
