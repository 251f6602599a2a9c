import { randomUUID } from 'node:crypto';
import { fetch as undiciFetch } from 'undici';
import { CONTEXT_HEADER, signContext } from '@district/runtime';
import { systemCaller } from '@district/domain';

/**
 * Readiness: every subgraph answers a trivial query within PROBE_TIMEOUT_MS, the shared store
 * (Redis, when configured: production requires it) answers a ping, and the gateway is not
 * stopping (a stopping gateway says so, so its load balancer sends the next requests elsewhere).
 */
export const PROBE_TIMEOUT_MS = 1_000;
/** Results are reused this long, so a busy load balancer's probes cost the subgraphs little. */
export const PROBE_CACHE_MS = 2_000;

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
  /** The shared store, when there is one. */
  redis?: 'up' | 'down';
  stopping?: true;
}

export interface ReadinessOptions {
  /** Whether the shared store answers; undefined when there is none. */
  redis?: (timeoutMs: number) => Promise<boolean | undefined>;
  stopping?: () => boolean;
}

export function createReadinessProbe(subgraphs: Record<string, string>, contextKey: string, options: ReadinessOptions = {}) {
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
    if (options.stopping?.()) return { ready: false, subgraphs: {}, stopping: true };
    if (cached && Date.now() - cached.at < PROBE_CACHE_MS) return cached.value;
    const [entries, redis] = await Promise.all([
      Promise.all(Object.entries(subgraphs).map(async ([name, url]) => [name, await probe(url)] as const)),
      options.redis?.(PROBE_TIMEOUT_MS),
    ]);
    const value: Readiness = { ready: entries.every(([, s]) => s === 'up') && redis !== false, subgraphs: Object.fromEntries(entries) };
    if (redis !== undefined) value.redis = redis ? 'up' : 'down';
    cached = { at: Date.now(), value };
    return value;
  };
}
