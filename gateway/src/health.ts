import { randomUUID } from 'node:crypto';
import { createSignedGraphqlClient } from '@district/runtime';
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
  const call = createSignedGraphqlClient({ contextKey, timeoutMs: PROBE_TIMEOUT_MS });
  // Up: a 2xx answer read whole in time, whatever its body; no answer, or any other status, is down.
  const probe = async (url: string): Promise<'up' | 'down'> => {
    const reply = await call(url, systemCaller(`ready-${randomUUID()}`), { query: '{ __typename }' });
    const answered = reply.ok || reply.reason === 'BAD_RESPONSE';
    return answered && reply.status! >= 200 && reply.status! < 300 ? 'up' : 'down';
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
