/**
 * The latency floor of a query: the time no gateway can beat given the departments' latencies.
 *
 * Method. The query plan is built by @apollo/query-planner (the planner inside @apollo/gateway,
 * i.e. what ours and stock execute; resolved through the gateway workspace's own dependency so the
 * versions match) from the same supergraph the gateways serve. The plan is a tree of Sequence
 * (stages one after another), Parallel (fetches at once), Flatten (an entity fetch at a path) and
 * Fetch (one subgraph call). Each Fetch costs the configured base latency of the department
 * backend its subgraph wraps (services has no department backend: 0). A Sequence costs the sum of
 * its stages, a Parallel the slowest of its branches — i.e. the sum, over the plan's sequential
 * stages, of the slowest backend latency in each stage.
 *
 * What the floor leaves out, on purpose: network and CPU (gateway, subgraphs, backends), the ±jitter
 * of the stand-ins (the base latency is used), several sequential backend calls inside one subgraph
 * fetch, and batches beyond a backend's batch or concurrency limit. All of those are overhead a
 * faster implementation can shrink; the floor is what is left when they are gone.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { SUBGRAPHS, backendOf } from '@district/parts';
import type { Backend } from './stack.ts';

const fromGateway = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const federation = fromGateway('@apollo/federation-internals');
const planner = fromGateway('@apollo/query-planner');
const { parse } = fromGateway('graphql');

/** Which department backend each subgraph's fetch waits on (services wraps none): the parts list's pairs. */
const BACKEND_OF: Record<string, Backend | null> = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, backendOf(s.name)?.name ?? null]));

interface PlanNode { kind: string; nodes?: PlanNode[]; node?: PlanNode; serviceName?: string; path?: unknown[]; ifClause?: PlanNode; elseClause?: PlanNode; primary?: { node?: PlanNode } }

export interface Floor {
  /** e.g. "market → max(real-estate, medical-insurance, tax) → services" */
  stages: string;
  ms: number;
  /** The plan, pretty-printed, for the record. */
  plan: string;
  /**
   * The rate-limited floor (cold): each entity fetch over a list of `listSize` entities costs its
   * department's latency once per wave — ceil(ceil(listSize / batch size) / concurrency cap) waves
   * (DEPARTMENT_LIMITS) — instead of once. What a cold dashboard cannot beat without asking the
   * departments for more at once than they allow.
   */
  rateLimitedMs: number;
}

/**
 * The departments' own limits as the subgraphs respect them: batch size (the backend's batch API;
 * medical insurance has none) and the subgraph's default cap on calls in flight
 * (<PREFIX>_MAX_CONCURRENCY). From subgraphs/<name>/src/codes.ts (MARKET_BATCH_LIMIT,
 * BATCH_LIMIT, MAX_BATCH; medical insurance's loaders.ts MAX_BATCH_SIZE) and config.ts
 * (`defaults.maxConcurrency`); a change there belongs here too.
 */
export const DEPARTMENT_LIMITS: Record<Backend, { batch: number; concurrency: number }> = {
  market: { batch: 100, concurrency: 16 },
  tax: { batch: 50, concurrency: 6 },
  'medical-insurance': { batch: 1, concurrency: 8 },
  'real-estate': { batch: 20, concurrency: 8 },
};

/** Waves of calls an entity fetch of `entities` takes at `backend`. */
export const waves = (backend: Backend, entities: number): number =>
  Math.ceil(Math.ceil(entities / DEPARTMENT_LIMITS[backend].batch) / DEPARTMENT_LIMITS[backend].concurrency);

function describe(n: PlanNode): string {
  switch (n.kind) {
    case 'Fetch': return n.serviceName!;
    case 'Flatten': return describe(n.node!);
    case 'Sequence': return n.nodes!.map(describe).join(' → ');
    case 'Parallel': return n.nodes!.length === 1 ? describe(n.nodes![0]) : `max(${n.nodes!.map(describe).join(', ')})`;
    case 'Condition': return describe(n.ifClause ?? n.elseClause!);
    case 'Defer': return describe(n.primary!.node!);
    default: throw new Error(`floor: unexpected plan node ${n.kind}`);
  }
}

/** `listSize`: entities per list in the answer, for the rate-limited floor (1: the plain floor, every fetch one call). */
function cost(n: PlanNode, latency: (b: Backend) => number, listSize = 1, entities = 1): number {
  switch (n.kind) {
    case 'Fetch': { const b = BACKEND_OF[n.serviceName!]; return b ? latency(b) * waves(b, entities) : 0; }
    // An entity fetch at a path through a list ("@") is one fetch for every entity of the list.
    case 'Flatten': return cost(n.node!, latency, listSize, (n.path ?? []).includes('@') ? listSize : 1);
    case 'Sequence': return n.nodes!.reduce((sum, c) => sum + cost(c, latency, listSize), 0);
    case 'Parallel': return Math.max(0, ...n.nodes!.map((c) => cost(c, latency, listSize)));
    // Conditions (@include/@skip on a deferred part) and @defer do not occur in the bench's
    // queries; the primary / taken branch is what the client waits for.
    case 'Condition': return cost(n.ifClause ?? n.elseClause!, latency, listSize);
    case 'Defer': return cost(n.primary!.node!, latency, listSize);
    default: throw new Error(`floor: unexpected plan node ${n.kind}`);
  }
}

export function queryPlanner(supergraphPath: string) {
  const supergraph = federation.Supergraph.build(readFileSync(supergraphPath, 'utf8'));
  const qp = new planner.QueryPlanner(supergraph);
  /** `listSize`: how many entities each list of the answer holds (the dashboard's page: 200). */
  return (query: string, latencyMs: Record<Backend, number>, listSize = 1): Floor => {
    const plan = qp.buildQueryPlan(federation.operationFromDocument(supergraph.schema, parse(query)));
    if (!plan.node) return { stages: '(no fetch)', ms: 0, rateLimitedMs: 0, plan: planner.prettyFormatQueryPlan(plan) };
    const latency = (b: Backend) => latencyMs[b];
    return { stages: describe(plan.node), ms: cost(plan.node, latency), rateLimitedMs: cost(plan.node, latency, listSize), plan: planner.prettyFormatQueryPlan(plan) };
  };
}
