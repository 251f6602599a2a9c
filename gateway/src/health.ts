import { randomUUID } from 'node:crypto';
import { fetch as undiciFetch } from 'undici';
import { CONTEXT_HEADER, signContext, systemCaller } from '@district/common';

/** Readiness: every subgraph answers a trivial query within PROBE_TIMEOUT_MS. */
export const PROBE_TIMEOUT_MS = 1_000;
/** Results are reused this long, so a busy load balancer's probes cost the subgraphs little. */
export const PROBE_CACHE_MS = 2_000;

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
}

export function createReadinessProbe(subgraphs: Record<string, string>, contextKey: string) {
  let cached: { at: number; value: Readiness } | undefined;
  const probe = async (url: string): Promise<'up' | 'down'> => {
    try {
      const res = await undiciFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: await signContext(systemCaller(`ready-${randomUUID()}`), contextKey) },
        body: '{"query":"{ __typename }"}',
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      return res.ok ? 'up' : 'down';
    } catch {
      return 'down';
    }
  };
  return async (): Promise<Readiness> => {
    if (cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached.value;
    const entries = await Promise.all(Object.entries(subgraphs).map(async ([name, url]) => [name, await probe(url)] as const));
    const value = { ready: entries.every(([, s]) => s === 'up'), subgraphs: Object.fromEntries(entries) };
    cached = { at: Date.now(), value };
    return value;
  };
}
