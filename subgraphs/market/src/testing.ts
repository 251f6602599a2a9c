import { createMarketBackend, MARKET_DEFAULTS } from '@district/backends/market/index';
import { getDataset, type Dataset } from '@district/backends/dataset/index';
import type { FaultSettings } from '@district/backends/sim/settings';
import type { SimServer } from '@district/backends/sim/server';
import type { RunningSubgraph } from '@district/common';
import { start } from './index.ts';

/**
 * Test kit: the real market stand-in in this process (no latency, no rate limit unless asked)
 * and this subgraph in front of it, both on free ports.
 */
export interface MarketStack {
  dataset: Dataset;
  sim: SimServer;
  backendUrl: string;
  subgraph: RunningSubgraph;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any[] }>;
  /** Registry requests since the last reset, per route too. */
  calls(): { requests: number; byRoute: Record<string, number> };
  stop(): Promise<void>;
}

export const QUIET: Partial<FaultSettings> = { latencyMs: 0, rateLimitPerSecond: 0 };

export async function startMarketStack(options: { settings?: Partial<FaultSettings>; env?: Record<string, string> } = {}): Promise<MarketStack> {
  const dataset = getDataset();
  const sim = createMarketBackend(dataset, { settings: { ...MARKET_DEFAULTS, ...QUIET, ...options.settings } });
  const backendUrl = `http://127.0.0.1:${await sim.listen(0)}`;
  const subgraph = await start({ NODE_ENV: 'test', MARKET_BACKEND_URL: backendUrl, ...options.env }, { port: 0 });
  return {
    dataset, sim, backendUrl, subgraph,
    async gql(query, variables) {
      const res = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      return res.json() as Promise<any>;
    },
    calls: () => {
      const { requests, byRoute } = sim.stats();
      return { requests, byRoute };
    },
    async stop() {
      await subgraph.stop();
      await sim.close();
    },
  };
}

/** `_entities` for enterprises by USCC with the given selection on Enterprise. */
export const entitiesQuery = (selection: string) =>
  `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enterprise { ${selection} } } }`;
export const enterpriseReps = (usccs: readonly string[]) => usccs.map((uscc) => ({ __typename: 'Enterprise', uscc }));
