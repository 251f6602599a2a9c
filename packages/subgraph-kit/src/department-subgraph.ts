import type { BaseContext } from '@apollo/server';
import type { TwoTierCache } from '@district/department-access';
import { startSubgraph, type RunningSubgraph, type SubgraphServerOptions } from './subgraph.ts';

/**
 * How long start-up waits for the shared cache (Redis) to accept commands. Past it the subgraph
 * serves anyway: until Redis is back every read goes to the department, which is slower, not wrong.
 */
export const CACHE_READY_BUDGET_MS = 2_000;

export interface DepartmentSubgraphOptions<C extends BaseContext> extends SubgraphServerOptions<C> {
  /** The process's cache (readDepartmentReads); null when CACHE_ENABLED=false. */
  cache: Pick<TwoTierCache, 'ready' | 'store'> | null;
  /** The warning logged when the cache is not ready in time: what the subgraph does until it is. */
  cacheNotReady: string;
  /** Default CACHE_READY_BUDGET_MS. */
  cacheReadyBudgetMs?: number;
  /**
   * Closes what the subgraph opened besides its server (the backend pool, the cache): after the
   * server stopped, or when the start failed, so a failed start leaves no connection open.
   */
  close(): Promise<void>;
}

/**
 * Starts a department subgraph: waits (within the budget) for its cache, so the first requests
 * already share it, warning instead of failing when it is not reachable; then serves on the port.
 * Stopping it stops the server, then closes the subgraph's own resources.
 */
export async function startDepartmentSubgraph<C extends BaseContext>(options: DepartmentSubgraphOptions<C>): Promise<RunningSubgraph> {
  const { cache, cacheNotReady, cacheReadyBudgetMs = CACHE_READY_BUDGET_MS, close, ...server } = options;
  try {
    await cache?.ready(cacheReadyBudgetMs).catch((error: unknown) => {
      server.logger.warn({ err: error, store: cache.store.kind }, cacheNotReady);
    });
    const running = await startSubgraph<C>(server);
    return {
      ...running,
      stop: async (graceMs) => {
        try {
          await running.stop(graceMs);
        } finally {
          await close();
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
