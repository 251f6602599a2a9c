import { z } from 'zod';
import { createSignedGraphqlClient, DEV_CONTEXT_KEY, env, loadConfig, type GraphqlAnswer, type SignedGraphqlReply } from '@district/runtime';
import type { Caller } from '@district/domain';
import { subgraphOf, type PartId } from '@district/parts';
import type { CalledDepartment } from '../bundles/definitions.ts';

/**
 * Where the department subgraphs are, and the one way services calls them directly (the
 * precondition reads in facts.ts, the bundle worker's writes in writes.ts): a POST carrying a
 * context signed for the caller (role system), bounded by a timeout, through runtime's signed
 * GraphQL client. Each caller maps a failure onto its own errors.
 */

export type SubgraphUrls = Record<CalledDepartment, string>;

const CALLED: CalledDepartment[] = ['MARKET', 'TAX', 'MEDICAL_INSURANCE', 'REAL_ESTATE'];

/**
 * Subgraph URLs from the manifest of the parts: MARKET_SUBGRAPH_URL, … when set, else the local
 * stack's port of each (which PORT_BASE or the subgraph's own port variable moves).
 */
export const SubgraphUrlsSchema = z.object(Object.fromEntries(CALLED.map((d) => {
  const part = subgraphOf(d);
  return [part.urlVariables.direct!, env.partUrl(part.id as PartId).describe(`Where services calls the ${part.name} subgraph directly (bundle preconditions and writes)`)];
})));

export function readSubgraphUrls(e: NodeJS.ProcessEnv = process.env): SubgraphUrls {
  const urls = loadConfig(SubgraphUrlsSchema, e) as Record<string, string>;
  return Object.fromEntries(CALLED.map((d) => [d, urls[subgraphOf(d).urlVariables.direct!]])) as SubgraphUrls;
}

/** A department subgraph's GraphQL answer, as far as services reads it. */
export interface DepartmentReply extends GraphqlAnswer {
  extensions?: { stale?: unknown[] };
}

export type DepartmentPost = (department: CalledDepartment, caller: Caller, query: string, variables: Record<string, unknown>) => Promise<SignedGraphqlReply<DepartmentReply>>;

export interface DepartmentPosterOptions {
  urls: SubgraphUrls;
  /** Signs the request context; default the development key. */
  contextKey?: string;
  timeoutMs: number;
}

export function departmentPoster(options: DepartmentPosterOptions): DepartmentPost {
  const call = createSignedGraphqlClient({ contextKey: options.contextKey ?? DEV_CONTEXT_KEY, timeoutMs: options.timeoutMs });
  return (department, caller, query, variables) => call<DepartmentReply>(options.urls[department], caller, { query, variables });
}
