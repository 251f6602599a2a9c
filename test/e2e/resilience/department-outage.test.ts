import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSubgraph } from '@district/subgraph-kit';
import type { DevClaims } from '@district/gateway/auth/dev-token';
import { start as startMarket } from '@district/subgraph-market';
import { start as startTax } from '@district/subgraph-tax';
import { start as startMedicalInsurance } from '@district/subgraph-medical-insurance';
import { start as startRealEstate } from '@district/subgraph-real-estate';
import { start as startServices } from '@district/subgraph-services';
import { startStack, type GraphQLResponse, type Stack } from '../../src/stack.ts';
import { SAMPLE_USCC } from '../../src/samples.ts';
import { errorLines, expandPaths, nullLeaves, withNulls } from '../../src/partial-answers.ts';

/**
 * 部门故障只损失该部门的字段 — a department that is down costs only its own fields. Each department in
 * turn is taken down, first its backend (the stand-in's outage switch: the subgraph answers with
 * errors) and then its subgraph process (the gateway degrades), and every example query of the
 * README is asked as the README's callers ask it. Each answer must be the healthy stack's answer
 * with exactly that department's fields null, each with a DEPARTMENT_UNAVAILABLE error naming it,
 * and HTTP 200.
 *
 * Caches are off (CACHE_ENABLED=false): a stale copy would answer for a department that is down,
 * and this test is about the outage itself (stale-if-error has its own tests in faults.test.ts).
 */
type Department = 'MARKET' | 'TAX' | 'MEDICAL_INSURANCE' | 'REAL_ESTATE';
type Part = Department | 'SERVICES';
const DEPARTMENTS: Department[] = ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'];
const BACKEND = { MARKET: 'market', TAX: 'tax', MEDICAL_INSURANCE: 'medical-insurance', REAL_ESTATE: 'real-estate' } as const;
const SUBGRAPH = { ...BACKEND, SERVICES: 'services' } as const;
const STARTERS = { MARKET: startMarket, TAX: startTax, MEDICAL_INSURANCE: startMedicalInsurance, REAL_ESTATE: startRealEstate, SERVICES: startServices };

const env = {
  CACHE_ENABLED: 'false',
  // An outage is an outage: no retries to wait for, and a breaker that closes soon after the
  // department is back, so one department's outage does not leak into the next.
  ...Object.fromEntries(['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'].flatMap((d) => [[`${d}_RETRIES`, '0'], [`${d}_BREAKER_HALF_OPEN_MS`, '200']])),
};

/** The README's example queries, as written there (```graphql blocks). */
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
function readmeQuery(marker: string): string {
  const block = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]).find((q) => q.includes(marker));
  if (!block) throw new Error(`README.md has no graphql example containing ${marker}`);
  return block;
}

const AUDITOR: DevClaims = { role: 'auditor', purpose: 'AUDIT', sub: 'e2e-auditor' };
const BUILDING_STAFF: DevClaims = { role: 'building-staff', buildings: ['LS-B001'], purpose: 'BUILDING_SERVICE', sub: 'e2e-staff' };
const WINDOW_STAFF: DevClaims = { role: 'window-staff', purpose: 'ENTERPRISE_OPENING', sub: 'w-1' };

interface Example {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  caller: DevClaims;
  /**
   * What a part's outage costs in this answer: paths (`*` = every list item) that become null,
   * each with that part's DEPARTMENT_UNAVAILABLE error. A lost non-null root field (the search)
   * nulls the whole answer (`data: null`).
   */
  loses: Partial<Record<Part, string[]>>;
  /** Same, for a subgraph process that is down, where it differs from the backend outage. */
  losesWhenProcessDown?: Partial<Record<Part, string[]>>;
  /** Derived fields that change, not vanish, when a part is missing (the lifecycle, exit readiness). */
  derived?: (healthy: any, down: Part) => any;
  /**
   * Fields that stay but carry the part's error too: an enterprise answered while the registry
   * could not confirm it, and the nearest selected field of hidden fields a derived field
   * @requires (the gateway points their errors there, gateway/src/error-paths.ts).
   */
  alsoErrorsAt?: Partial<Record<Part, string[]>>;
  /** What of the answer is compared, for an answer that changes by itself (the access record grows). */
  normalize?: (data: any) => any;
}

/** The lifecycle without one department: its events are missing and it says so. */
function lifecycleWithout(lifecycle: any, down: Part) {
  return { ...lifecycle, incompleteDepartments: [down], events: lifecycle.events.filter((e: any) => e.department !== down) };
}

/** Exit readiness without one department: its facts are unknown, its blockers unseen, so no path is allowed. */
const FACTS: Record<Department, string[]> = {
  MARKET: ['registrationStatus', 'onAbnormalList', 'openBranches', 'listedCompany'],
  TAX: ['taxStatus', 'taxArrears'],
  MEDICAL_INSURANCE: ['insuranceArrears'],
  REAL_ESTATE: ['seizedProperty', 'currentPropertyUnits'],
};

const EVERY_DEPARTMENT_AT_ENTERPRISE = Object.fromEntries(DEPARTMENTS.map((d) => [d, ['enterprise']]));

let unitNo: string;
let bundleId: string;

const EXAMPLES: Example[] = [
  {
    name: 'Lifecycle',
    query: readmeQuery('query Lifecycle'),
    caller: AUDITOR,
    loses: {
      MARKET: ['enterprise.registration'], TAX: ['enterprise.tax'], MEDICAL_INSURANCE: ['enterprise.medicalInsurance'],
      REAL_ESTATE: ['enterprise.realEstate'], SERVICES: ['enterprise.lifecycle'],
    },
    losesWhenProcessDown: { MARKET: ['enterprise'] },
    derived: (healthy, down) => (down === 'SERVICES' ? healthy : withLifecycle(healthy, lifecycleWithout(healthy.enterprise.lifecycle, down))),
    // The lifecycle's hidden @requires fields fail too, but each department's error is already at
    // its own selected field: the gateway adds none at the enterprise (error-paths.ts).
    alsoErrorsAt: { MARKET: ['enterprise'] },
  },
  {
    name: 'Dashboard',
    query: readmeQuery('query Dashboard'),
    caller: BUILDING_STAFF,
    loses: {
      MARKET: ['building.enterprises'],
      TAX: ['building.enterprises.edges.*.node.tax'],
      MEDICAL_INSURANCE: ['building.enterprises.edges.*.node.medicalInsurance'],
      REAL_ESTATE: ['building.enterprises.edges.*.node.realEstate'],
      SERVICES: ['building'],
    },
  },
  {
    name: 'the issue’s building',
    query: '{ building(id: "LS-B060") { name staff { name } enterprises(first: 5) { totalCount } } }',
    caller: AUDITOR,
    loses: { MARKET: ['building.enterprises'], SERVICES: ['building'] },
  },
  {
    name: 'the enterprises search',
    query: `{ enterprises(first: 20, filter: { building: "LS-B002", status: EXISTING, keyword: "科技" }) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { uscc registration { name status } tax { status } medicalInsurance { status } realEstate { hasMortgage } } } } }`,
    caller: AUDITOR,
    loses: {
      MARKET: ['enterprises'],
      TAX: ['enterprises.edges.*.node.tax'],
      MEDICAL_INSURANCE: ['enterprises.edges.*.node.medicalInsurance'],
      REAL_ESTATE: ['enterprises.edges.*.node.realEstate'],
    },
  },
  {
    name: 'buildings',
    query: '{ buildings(first: 50) { totalCount edges { node { id name address staff { name } enterprises(first: 5) { totalCount } } } } }',
    caller: AUDITOR,
    loses: { MARKET: ['buildings.edges.*.node.enterprises'], SERVICES: ['buildings'] },
  },
  {
    name: 'propertyUnit',
    query: `query($unitNo: ID!) { propertyUnit(unitNo: $unitNo) {
      unitNo location parcel { code } building { buildingNo floor }
      rights { certificateNo holderName holder { uscc registration { name } tax { status } } }
      mortgages { certificateNo mortgagee securedAmount } seizures { authority documentNo } } }`,
    variables: () => ({ unitNo }),
    caller: AUDITOR,
    loses: {
      MARKET: ['propertyUnit.rights.*.holder.registration'],
      TAX: ['propertyUnit.rights.*.holder.tax'],
      REAL_ESTATE: ['propertyUnit'],
    },
  },
  {
    // Not a README example, but the other @requires chain across every department (README, 一件事一次办).
    name: 'exit readiness',
    query: `{ enterprise(uscc: "${SAMPLE_USCC.troubled}") { exitReadiness { simplifiedAllowed generalAllowed blockers { department code } unknown } } }`,
    caller: AUDITOR,
    loses: { SERVICES: ['enterprise.exitReadiness'] },
    losesWhenProcessDown: { MARKET: ['enterprise'] },
    derived: (healthy, down) => {
      if (down === 'SERVICES') return healthy;
      const r = healthy.enterprise.exitReadiness;
      return { enterprise: { exitReadiness: {
        simplifiedAllowed: false, generalAllowed: false,
        blockers: r.blockers.filter((b: any) => b.department !== down),
        unknown: FACTS[down],
      } } };
    },
    alsoErrorsAt: EVERY_DEPARTMENT_AT_ENTERPRISE,
  },
  {
    name: 'accessLog',
    query: readmeQuery('accessLog('),
    caller: AUDITOR,
    loses: { SERVICES: ['enterprise.accessLog'] },
    losesWhenProcessDown: { MARKET: ['enterprise'] },
    alsoErrorsAt: { MARKET: ['enterprise'] },
    // The record grows with every request (this one's too): compared by what each entry must hold.
    normalize: (data) => data?.enterprise?.accessLog ? { enterprise: { accessLog: {
      some: data.enterprise.accessLog.totalCount > 0,
      pageFull: data.enterprise.accessLog.edges.length === Math.min(20, data.enterprise.accessLog.totalCount),
      entries: data.enterprise.accessLog.edges.every(({ node }: any) => typeof node.at === 'string' && typeof node.role === 'string'
        && Array.isArray(node.departments) && Array.isArray(node.fields) && typeof node.outcome === 'string'),
    } } } : data,
  },
  {
    name: 'bundle',
    query: 'query($id: ID!) { bundle(id: $id) { status reason steps { key department status attempts lastError } results { uscc licenceNo establishedOn insuranceEmployerNo } } }',
    variables: () => ({ id: bundleId }),
    caller: WINDOW_STAFF,
    loses: { SERVICES: ['bundle'] },
  },
];

function withLifecycle(answer: any, lifecycle: any) {
  return { ...answer, enterprise: { ...answer.enterprise, lifecycle } };
}

let stack: Stack;
const tokens = new Map<DevClaims, string>();
const healthy = new Map<string, GraphQLResponse<any>>();

async function ask(example: Pick<Example, 'query' | 'variables' | 'caller'>): Promise<GraphQLResponse<any>> {
  return stack.query(example.query, example.variables?.(), { authorization: `Bearer ${tokens.get(example.caller)}` });
}

/** Every example answers in full, without an error: the stack (and every breaker) is healthy again. */
async function untilHealthy(): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answers = await Promise.all(EXAMPLES.map(ask));
    if (answers.every((a) => a.errors === undefined)) return;
    if (Date.now() > deadline) throw new Error(`the stack did not recover: ${answers.flatMap((a) => errorLines(a.errors)).slice(0, 5).join('; ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  stack = await startStack({ env });
  for (const caller of [AUDITOR, BUILDING_STAFF, WINDOW_STAFF]) tokens.set(caller, await stack.token(caller, { ttlSeconds: 3_600 }));
  // A unit of the troubled sample (two units, a mortgage and a 查封), and the README's opening, completed.
  const units = await stack.query(`{ enterprise(uscc: "${SAMPLE_USCC.troubled}") { realEstate { rights { unitNo } } } }`);
  unitNo = units.data.enterprise.realEstate.rights[0].unitNo;
  const opened = await ask({
    caller: WINDOW_STAFF,
    query: 'mutation($i: OpenEnterpriseInput!) { openEnterprise(input: $i) { id } }',
    variables: () => ({ i: {
      idempotencyKey: 'window-1-2026-0001', name: '青岛崂山一次办成科技有限公司', registeredCapital: '1000000.00',
      address: '山东省青岛市崂山区海尔路1号', businessScope: '软件开发',
      legalRepresentative: { name: '张三', idNumber: '370212198001011235', phone: '13800000001' },
    } }),
  });
  bundleId = opened.data.openEnterprise.id;
  const deadline = Date.now() + 30_000;
  while ((await ask({ caller: WINDOW_STAFF, query: `{ bundle(id: "${bundleId}") { status } }` })).data.bundle.status !== 'COMPLETED') {
    if (Date.now() > deadline) throw new Error(`bundle ${bundleId} did not complete`);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const example of EXAMPLES) healthy.set(example.name, await ask(example));
}, 120_000);
afterAll(() => stack?.stop());

describe('the healthy stack', () => {
  it('answers every example in full, without an error', () => {
    for (const example of EXAMPLES) {
      const answer = healthy.get(example.name)!;
      expect(answer.status, example.name).toBe(200);
      expect(errorLines(answer.errors), example.name).toEqual([]);
    }
    // The departments' parts are there to be lost: the lists the patterns walk are not empty.
    const h = (name: string) => healthy.get(name)!.data;
    expect(h('Dashboard').building.enterprises.edges).toHaveLength(200);
    expect(h('the issue’s building').building.staff.length).toBeGreaterThan(0);
    expect(h('the enterprises search').enterprises.edges.length).toBeGreaterThan(0);
    expect(h('buildings').buildings.edges).toHaveLength(50);
    expect(h('propertyUnit').propertyUnit.rights.some((r: any) => r.holder?.registration)).toBe(true);
    expect(h('Lifecycle').enterprise.lifecycle.events.map((e: any) => e.department)).toEqual(expect.arrayContaining(DEPARTMENTS));
    expect(h('exit readiness').enterprise.exitReadiness.blockers.map((b: any) => b.department)).toEqual(
      expect.arrayContaining(['TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE']),
    );
  });
});

const NON_NULL_ROOTS = ['enterprises', 'buildings'];

/** The answer is the healthy one with exactly `part`'s fields null, each with its DEPARTMENT_UNAVAILABLE error. */
function expectOnlyLost(example: Example, answer: GraphQLResponse<any>, part: Part, lost: string[]): void {
  const normalize = example.normalize ?? ((data: any) => data);
  const before = normalize(healthy.get(example.name)!.data);
  const base = example.derived ? example.derived(before, part) : before;
  const paths = lost.flatMap((p) => expandPaths(base, p));
  // A non-null root field (the search, the building list: CONTRACT.md) that is lost takes the whole answer with it.
  const nonNullRoot = paths.length === 1 && NON_NULL_ROOTS.includes(paths[0]);
  const expected = nonNullRoot ? null : withNulls(base, paths);
  // Every lost field has its error, and errors are only the part's; one field may carry several.
  const errorsAt = new Set([...paths, ...(example.alsoErrorsAt?.[part] ?? [])]);
  expect(answer.status, example.name).toBe(200);
  // First the short story (which fields are null, which errors), then the whole answer.
  expect(nullLeaves(normalize(answer.data)), example.name).toEqual(nullLeaves(expected));
  expect([...new Set(errorLines(answer.errors))], example.name).toEqual([...errorsAt].map((p) => `${p} → DEPARTMENT_UNAVAILABLE ${part}`).sort());
  expect(normalize(answer.data ?? null), example.name).toEqual(expected);
}

describe.each(DEPARTMENTS)('with the %s backend down', (department) => {
  beforeAll(() => stack.backends.sims[BACKEND[department]].setFaults({ outage: true }));
  afterAll(async () => {
    stack.backends.sims[BACKEND[department]].clearFaults();
    stack.backends.sims[BACKEND[department]].setFaults({ latencyMs: 0, rateLimitPerSecond: 0 });
    await untilHealthy();
  });

  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s loses only its fields', async (_, example) => {
    expectOnlyLost(example, await ask(example), department, example.loses[department] ?? []);
  });
});

describe.each([...DEPARTMENTS, 'SERVICES' as const])('with the %s subgraph process stopped', (part) => {
  beforeAll(() => stack.subgraphs[SUBGRAPH[part]].stop());
  afterAll(async () => {
    // Started again where it was, so the gateway finds it at the supergraph's address. Services
    // last: a restarted services on an in-memory store has forgotten the bundle.
    const port = Number(new URL(stack.subgraphs[SUBGRAPH[part]].url).port);
    stack.subgraphs[SUBGRAPH[part]] = await (STARTERS[part] as (e: NodeJS.ProcessEnv, o: { port: number }) => Promise<RunningSubgraph>)(stack.env, { port });
    if (part !== 'SERVICES') await untilHealthy();
  });

  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s loses only its fields', async (_, example) => {
    const lost = example.losesWhenProcessDown?.[part] ?? example.loses[part] ?? [];
    expectOnlyLost(example, await ask(example), part, lost);
  });
});
