import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode } from 'graphql';
import { BackendTransport, FreshnessReport, readDepartmentReads, startCacheRefresher, type DepartmentReads, type DepartmentReadSettings, type RunningRefresher, type TwoTierCache } from '@district/department-access';
import type { Caller } from '@district/domain';
import { createLogger, type Logger, type ReadinessCheck } from '@district/runtime';
import { connectionOf, type DepartmentConfig, type DepartmentPrefix, type DepartmentSettings } from './department-config.ts';
import { createSubgraphServer, loadSchemaFile, startSubgraph, type RunningSubgraph, type SubgraphServerOptions } from './subgraph.ts';

/**
 * The one template of a department subgraph (市场监管, 税务, 医保, 不动产登记). A department
 * declares what is its own — its settings, the adapter that speaks its system, its loaders, schema
 * and resolvers — and the template wires the rest the same way for all four: the settings checked
 * at once, one transport (connection pool, timeout, concurrency cap, breaker) and one
 * DepartmentReads (cache, retries, circuit breaker) per process, a context per request, the Apollo
 * server, start (waiting for the cache within its budget) and a graceful stop that closes what was
 * opened. Adding a department subgraph: packages/subgraph-kit/README.md.
 */

/**
 * How long start-up waits for the shared cache (Redis) to accept commands. Past it the subgraph
 * serves anyway: until Redis is back every read goes to the department, which is slower, not wrong.
 */
export const CACHE_READY_BUDGET_MS = 2_000;

/** What every resolver of a department subgraph gets. */
export interface DepartmentContext<A, L> {
  /** The department's one speaker: mutations call its write methods (reads go through the loaders). */
  adapter: A;
  /** The process's read path (cache, retries, breaker); mutations write under `reads.resilience` and invalidate here. */
  reads: DepartmentReads;
  /** This request's loaders: the only way resolvers read the department. */
  loaders: L;
  /** Stale copies served to this request; the freshness plugin publishes them as `extensions.stale`. */
  freshness: FreshnessReport;
  logger: Logger;
  /** The verified caller (signed request context): authorization, row scope and masking read it. */
  caller?: Caller;
}

/** What a loader factory gets: process-wide adapter and reads, this request's freshness report. */
export interface LoaderDeps<A> {
  adapter: A;
  reads: DepartmentReads;
  freshness: FreshnessReport;
}

export interface DepartmentSubgraphDefinition<P extends DepartmentPrefix, K extends string, A, L> {
  /** The subgraph's name: in composition, in its logger (subgraph-<name>) and its cache keys. */
  name: string;
  /** The department's settings (its config.ts). */
  config: DepartmentConfig<P, K>;
  /** The department's system in a sentence, e.g. "the 市场监管 registry" (start-up warnings). */
  system: string;
  /** The one class that speaks the department's system, over the template's transport. */
  createAdapter(config: DepartmentSettings<P, K>, transport: BackendTransport, logger: Logger): A;
  /** This request's loaders (DataLoader per request, every read through `reads`). */
  createLoaders(deps: LoaderDeps<NoInfer<A>>): L;
  /** The subgraph's schema.graphql. */
  typeDefs: URL;
  resolvers: GraphQLResolverMap<any>;
  /** The department's own Apollo Server plugins. */
  plugins?(): ApolloServerPlugin<DepartmentContext<A, L>>[];
  /**
   * What a dashboard reads of the department, kept warm when CACHE_REFRESH is on: per record kind,
   * how many keys one call answers, and how to read keys again — through the loaders of a request
   * that must be fresh, so the same path as a user's read, past the cache, writing it anew.
   */
  warm?: ReadonlyArray<WarmReadDefinition<NoInfer<L>>>;
}

/** One record kind kept warm (packages/department-access/src/refresh/refresher.ts). */
export interface WarmReadDefinition<L> {
  kind: string;
  /** Keys one department call answers: the department's batch size for this read; 1 without a batch API. */
  batchSize: number;
  /** Reads `keys` through `loaders` (a fresh request's); may reject, or settle with some keys failed. */
  refresh(loaders: L, keys: string[]): Promise<unknown>;
}

/** One process's department subgraph, wired from an environment, serving nothing yet. */
export interface DepartmentSubgraphParts<C, A, L> {
  config: C;
  logger: Logger;
  transport: BackendTransport;
  adapter: A;
  reads: DepartmentReads;
  /** The cache behind `reads`; null with CACHE_ENABLED=false. */
  cache: TwoTierCache | null;
  /** The settings `reads` was made from (cache, refresh). */
  readSettings: DepartmentReadSettings;
  /** A request's context. */
  context(args?: { caller?: Caller }): Promise<DepartmentContext<A, L>>;
  /** Closes the transport's pool and the cache; idempotent. */
  close(): Promise<void>;
}

export interface RunningDepartmentSubgraph<A> extends RunningSubgraph {
  adapter: A;
  reads: DepartmentReads;
  cache: TwoTierCache | null;
  /** The refresher keeping the working set warm; undefined when CACHE_REFRESH is off. */
  refresher?: RunningRefresher;
}

/** The uniform entry of a department subgraph: what main.ts, `npm start`, the stack kit and tests call. */
export interface DepartmentSubgraph<P extends DepartmentPrefix, C, A, L> {
  name: string;
  department: P;
  typeDefs: DocumentNode;
  /** Every setting at once, nothing opened (DepartmentConfig.check). */
  checkConfig(env: NodeJS.ProcessEnv): void;
  /** Checks the settings, then opens the reads and the transport and creates the adapter. */
  build(env: NodeJS.ProcessEnv, options?: { logger?: Logger }): DepartmentSubgraphParts<C, A, L>;
  /** Builds, then serves on `options.port` (0 = a free one) or <PREFIX>_PORT; stop() stops gracefully, then closes. */
  start(env: NodeJS.ProcessEnv, options?: { port?: number }): Promise<RunningDepartmentSubgraph<A>>;
  /** The Apollo server alone, bound to no port: tests run `executeOperation` on it. */
  createServer(logger: Logger): ApolloServer<DepartmentContext<A, L>>;
  /** A request's context over given parts (the template's own, or a test's fakes). */
  contextFor(parts: { adapter: A; reads: DepartmentReads; logger: Logger }, caller?: Caller): DepartmentContext<A, L>;
}

export function defineDepartmentSubgraph<P extends DepartmentPrefix, K extends string, A, L>(
  definition: DepartmentSubgraphDefinition<P, K, A, L>,
): DepartmentSubgraph<P, DepartmentSettings<P, K>, A, L> {
  const { name, config: settings, resolvers } = definition;
  const department = settings.department;
  const typeDefs = loadSchemaFile(definition.typeDefs);
  // Operations (health, metrics, tracing) hook in here and in start(), once for every department.
  const plugins = () => definition.plugins?.() ?? [];

  type Self = DepartmentSubgraph<P, DepartmentSettings<P, K>, A, L>;
  const contextFor: Self['contextFor'] = ({ adapter, reads, logger }, caller) => {
    const freshness = FreshnessReport.for(caller);
    return { adapter, reads, loaders: definition.createLoaders({ adapter, reads, freshness }), freshness, logger, caller };
  };

  const build: Self['build'] = (env, options = {}) => {
    settings.check(env);
    const config = settings.readConfig(env);
    const logger = options.logger ?? createLogger(`subgraph-${name}`);
    const { reads, cache, settings: readSettings } = readDepartmentReads({
      department, prefix: department, subgraph: name, policies: { ...settings.cachePolicies }, wholeKinds: settings.wholeKinds, env, logger,
    });
    const { baseUrl, timeoutMs, maxConcurrent } = connectionOf(department, config);
    // Calls still queued for a slot when the breaker opens fail fast instead of going out.
    const transport = new BackendTransport({ department, baseUrl, timeoutMs, maxConcurrent, breaker: reads.resilience });
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= Promise.allSettled([transport.close(), cache?.close()]).then(() => undefined));
    let adapter: A;
    try {
      adapter = definition.createAdapter(config, transport, logger);
    } catch (error) {
      void close();
      throw error;
    }
    return { config, logger, transport, adapter, reads, cache, readSettings, close, context: async ({ caller } = {}) => contextFor({ adapter, reads, logger }, caller) };
  };

  /**
   * The refresher runs inside each department subgraph process, beside the cache it fills and the
   * transport whose limits it shares; the instances elect one through a lease in Redis.
   */
  const startRefresher = (parts: DepartmentSubgraphParts<DepartmentSettings<P, K>, A, L>): RunningRefresher | undefined => {
    const { readSettings, reads, adapter, logger } = parts;
    if (!readSettings.refresh.enabled || !definition.warm?.length) return undefined;
    const freshLoaders = () => definition.createLoaders({ adapter, reads, freshness: new FreshnessReport({ fresh: true }) });
    return startCacheRefresher({
      department, prefix: `${readSettings.cachePrefix}:${name}`, redisUrl: readSettings.redisUrl, settings: readSettings.refresh, reads, logger,
      warm: definition.warm.map((w) => ({ kind: w.kind, batchSize: w.batchSize, refresh: (keys: string[]) => w.refresh(freshLoaders(), keys) })),
    });
  };

  return {
    name, department, typeDefs, build, contextFor,
    checkConfig: (env) => settings.check(env),
    createServer: (logger) => createSubgraphServer({ name, typeDefs, resolvers, logger, plugins: plugins() }),
    async start(env, options = {}) {
      const parts = build(env);
      const refresher = startRefresher(parts);
      const running = await serveDepartmentSubgraph({
        env, name, typeDefs, resolvers, logger: parts.logger, plugins: plugins(), context: parts.context,
        port: options.port ?? connectionOf(department, parts.config).port,
        cache: parts.cache, cacheNotReady: `cache not ready at start-up; reading ${definition.system} until it is`,
        close: async () => {
          await refresher?.stop();
          await parts.close();
        },
        readinessChecks: readinessOf(parts.cache),
      });
      return { ...running, adapter: parts.adapter, reads: parts.reads, cache: parts.cache, refresher };
    },
  };
}

/** A department subgraph is ready when its shared cache (Redis, when configured) is connected. */
function readinessOf(cache: TwoTierCache | null): Record<string, ReadinessCheck> {
  const store = cache?.store;
  if (!cache || store?.kind !== 'redis') return {};
  return { redis: (ms) => cache.ready(ms).then(() => true, () => false) };
}

export interface ServeOptions<C extends BaseContext> extends SubgraphServerOptions<C> {
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
 * Serves a department subgraph: waits (within the budget) for its cache, so the first requests
 * already share it, warning instead of failing when it is not reachable; then serves on the port.
 * Stopping it stops the server, then closes the subgraph's own resources.
 */
export async function serveDepartmentSubgraph<C extends BaseContext>(options: ServeOptions<C>): Promise<RunningSubgraph> {
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
