import { CONTEXT_HEADER, DEV_CONTEXT_KEY, createContextSigner } from '@district/runtime';
import { type Caller } from '@district/domain';
import type { Department } from './definitions.ts';

/**
 * The one way services calls a department subgraph directly (the worker's writes in
 * departments.ts, the precondition reads in department-facts.ts): a POST carrying a context signed
 * as role system, bounded by a timeout. Each caller maps a failure onto its own errors.
 */
export interface SubgraphUrls {
  MARKET: string;
  TAX: string;
  MEDICAL_INSURANCE: string;
  REAL_ESTATE: string;
}

/** Subgraph URLs from the environment (MARKET_SUBGRAPH_URL, …), defaults the local stack's ports. */
export function readSubgraphUrls(env: NodeJS.ProcessEnv = process.env): SubgraphUrls {
  return {
    MARKET: env.MARKET_SUBGRAPH_URL || 'http://127.0.0.1:4001/graphql',
    TAX: env.TAX_SUBGRAPH_URL || 'http://127.0.0.1:4002/graphql',
    MEDICAL_INSURANCE: env.MEDICAL_INSURANCE_SUBGRAPH_URL || 'http://127.0.0.1:4003/graphql',
    REAL_ESTATE: env.REAL_ESTATE_SUBGRAPH_URL || 'http://127.0.0.1:4004/graphql',
  };
}

export interface DepartmentClientOptions {
  urls: SubgraphUrls;
  /** Signs the request context; default the development key. */
  contextKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A department subgraph's GraphQL answer, as far as services reads it. */
export interface DepartmentReply {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { stale?: unknown[] };
}

export type DepartmentCall =
  | { ok: true; status: number; body: DepartmentReply }
  /** No answer (TIMEOUT, UNREACHABLE), or one that is not JSON (BAD_RESPONSE, with its HTTP status). */
  | { ok: false; status?: number; reason: 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE' };

export type DepartmentPost = (department: Department, caller: Caller, query: string, variables: Record<string, unknown>) => Promise<DepartmentCall>;

export function departmentPoster(options: DepartmentClientOptions, defaultTimeoutMs: number): DepartmentPost {
  const doFetch = options.fetch ?? fetch;
  const sign = createContextSigner(options.contextKey ?? DEV_CONTEXT_KEY);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  return async (department, caller, query, variables) => {
    let res: Response;
    try {
      res = await doFetch(options.urls[department], {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: sign(caller) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { ok: false, reason: (error as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'UNREACHABLE' };
    }
    try {
      return { ok: true, status: res.status, body: (await res.json()) as DepartmentReply };
    } catch {
      return { ok: false, status: res.status, reason: 'BAD_RESPONSE' };
    }
  };
}
