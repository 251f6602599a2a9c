/**
 * The three scenarios: the README's Lifecycle and Dashboard queries, verbatim except that the
 * USCC / building id is a variable, so one operation document is sent with many variable sets
 * (as a front end would send it, and as plan caches see it).
 */
import { getDataset } from '@district/dataset';

export type ScenarioId = 'lifecycle' | 'dashboard' | 'cached' | 'dashboard-warm';
/** In this order in every turn: dashboard-warm after dashboard, so the cold rows meet their buildings first. */
export const SCENARIO_IDS: ScenarioId[] = ['lifecycle', 'dashboard', 'cached', 'dashboard-warm'];

export const LIFECYCLE_QUERY = /* GraphQL */ `query Lifecycle($uscc: ID!) {
  enterprise(uscc: $uscc) {
    registration { name status establishedOn legalRepresentative { name } }
    tax { status creditGrade { year grade } hasArrears arrearsTotal arrears { taxItem amount lateFee } }
    medicalInsurance { status insuredCount { inService retired } hasArrears arrearsTotal }
    realEstate { currentUnitCount hasMortgage hasSeizure mortgages { securedAmount mortgagee } seizures { authority documentNo to } }
    lifecycle { stage stageLabel incompleteDepartments events { at department kind title } }
  }
}`;

export const DASHBOARD_QUERY = /* GraphQL */ `query Dashboard($id: ID!) {
  building(id: $id) {
    name staff { name }
    enterprises(first: 200) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node {
        uscc registration { name status onAbnormalList }
        tax { status creditGrade { grade } hasArrears }
        medicalInsurance { status hasArrears }
        realEstate { hasMortgage hasSeizure }
      } }
    }
  }
}`;

/**
 * Who the requests claim to be (auth.ts turns it into a token): the role and purpose the policy
 * grants every field of the query to (packages/subgraph-kit/src/policy.ts), and for building staff the buildings.
 */
export interface Identity { role: string; purpose: string; buildings?: string[] }

export type Vars = Record<string, string>;

/**
 * How a scenario moves through its variable sets. The subgraphs cache department records for
 * minutes (issue 4), so a scenario meant to measure the uncached path must never ask the same
 * thing twice in a gateway's turn, and the warm-up (for the JIT, connection pools, plan caches)
 * must not warm what the window then asks:
 * - carry:  lifecycle. One long rotation; warm-up and window take the next unasked ones, and the
 *           cursor carries on from the throughput runs to the latency runs.
 * - halves: dashboard. Only 26 buildings fill a 200-row page, so the throughput window asks the
 *           first half once each and the latency window the second half once each (a count, not a
 *           duration); the warm-up asks mid-size buildings that neither window asks.
 * - same:   cached. One enterprise over and over: the warm-up warms whatever caches exist.
 * - warm:   dashboard-warm. The halves of `dashboard`, each read in the warm-up before its window
 *           asks it again: a dashboard whose records are in the cache, as the refresher keeps the
 *           working set (CACHE_REFRESH, on for every turn) past their time to live.
 */
export type Rotation = 'carry' | 'halves' | 'same' | 'warm';

export interface Scenario {
  id: ScenarioId;
  title: string;
  query: string;
  variables: Vars[];
  warmupVariables: Vars[];
  rotation: Rotation;
  identity: Identity;
  /** Entities per list of the answer, for the rate-limited floor (floor.ts); 1 when there is no list. */
  listSize?: number;
}

/** Deterministic shuffle (the dataset's order groups similar enterprises together). */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function buildScenarios(): { scenarios: Record<ScenarioId, Scenario>; asOf: string; bigBuildings: string[] } {
  const dataset = getDataset();
  const perBuilding = new Map<string, number>();
  for (const e of dataset.enterprises) if (e.buildingId) perBuilding.set(e.buildingId, (perBuilding.get(e.buildingId) ?? 0) + 1);
  // "Big" = at least a full page of 200, so every dashboard is the same amount of work.
  const bigBuildings = [...perBuilding].filter(([, n]) => n >= 200).map(([id]) => id).sort();
  const big = new Set(bigBuildings);
  const midBuildings = [...perBuilding].filter(([, n]) => n >= 100 && n < 200).map(([id]) => id).sort();
  // Lifecycle never asks an enterprise of a big building, so it warms no dashboard's records.
  const usccs = shuffled(dataset.enterprises.filter((e) => !e.buildingId || !big.has(e.buildingId)).map((e) => e.uscc));
  // The Lifecycle query reads arrears and mortgage amounts (SENSITIVE): a window clerk handling a
  // deregistration (清税, 欠费) is granted every class, masked. Building staff see their buildings.
  const window = { role: 'window-staff', purpose: 'ENTERPRISE_DEREGISTRATION' };
  const staff = { role: 'building-staff', purpose: 'BUILDING_SERVICE', buildings: [...bigBuildings, ...midBuildings, 'LS-B003'] };
  const repeated = dataset.enterprises.find((e) => e.sample === 'troubled' && !big.has(e.buildingId ?? ''))?.uscc ?? usccs[0];
  return {
    asOf: dataset.asOf,
    bigBuildings,
    scenarios: {
      lifecycle: {
        id: 'lifecycle',
        title: `1. lifecycle: the README's Lifecycle query, rotating over ${usccs.length} enterprises (all but those of the big buildings), each asked at most once per gateway`,
        query: LIFECYCLE_QUERY,
        variables: usccs.map((uscc) => ({ uscc })),
        warmupVariables: [],
        rotation: 'carry',
        identity: window,
      },
      dashboard: {
        id: 'dashboard',
        title: `2. dashboard: the README's Dashboard query (200 enterprises), over the ${bigBuildings.length} buildings with ≥ 200, each asked once per gateway (first half: throughput window, second half: latency window); warm-up on ${midBuildings.length} mid-size buildings`,
        query: DASHBOARD_QUERY,
        variables: bigBuildings.map((id) => ({ id })),
        warmupVariables: midBuildings.map((id) => ({ id })),
        rotation: 'halves',
        identity: staff,
        listSize: 200,
      },
      'dashboard-warm': {
        id: 'dashboard-warm',
        title: `4. dashboard-warm: the Dashboard query over the same ${bigBuildings.length} buildings and halves as 2, each half read once in the warm-up before its window asks it again: served from the subgraphs' caches, as the refresher keeps a working set warm`,
        query: DASHBOARD_QUERY,
        variables: bigBuildings.map((id) => ({ id })),
        warmupVariables: [],
        rotation: 'warm',
        identity: staff,
        listSize: 200,
      },
      cached: {
        id: 'cached',
        title: `3. cached: the Lifecycle query for one enterprise (${repeated}) over and over, caches warm`,
        query: LIFECYCLE_QUERY,
        variables: [{ uscc: repeated }],
        warmupVariables: [],
        rotation: 'same',
        identity: window,
      },
    },
  };
}
