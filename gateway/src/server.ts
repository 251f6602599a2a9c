import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { DEFAULT_SHUTDOWN_GRACE_MS, createLogger, gracefulServer, type GracefulServer } from '@district/runtime';
import { departmentOfSubgraph } from '@district/domain';
import { freshnessPlugin } from '@district/department-access';
import type { GatewayConfig } from './config.ts';
import type { GatewayContext } from './context.ts';
import { SubgraphDataSource } from './datasource.ts';
import { formatGatewayError } from './errors.ts';
import { errorPathsPlugin } from './error-paths.ts';
import { requestErrorsPlugin } from './request-errors.ts';
import { APQ_TTL_SECONDS, OperationCache, loadRegisteredOperations } from './operation-cache.ts';
import { loadGraphiql } from './graphiql.ts';
import { createReadinessProbe } from './health.ts';
import { createHttpFront } from './http.ts';
import { createMetrics } from './metrics.ts';
import { createAuthenticator } from './auth/index.ts';
import { formatLimitError, limitsPlugin, parseOptionsFor } from './limits.ts';
import { readCostDirectives } from './cost-directives.ts';
import { auditFor } from './audit.ts';
import { corsOriginPolicy, createCors } from './cors.ts';
import { devTokenRoute } from './dev-token-route.ts';

/** Subgraph names and routing URLs as the supergraph declares them (join__Graph). */
export function subgraphsOf(supergraphSdl: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) out[m[1]] = m[2];
  return out;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Whether GraphiQL is served at / (never in production). */
  graphiql: boolean;
  /**
   * Stops accepting; requests in flight finish within `graceMs` (default DEFAULT_SHUTDOWN_GRACE_MS),
   * then the access records they owe are written (or left waiting in Redis), and connections close.
   */
  stop(graceMs?: number): Promise<void>;
}

export async function startGateway(config: GatewayConfig, options: { port?: number } = {}): Promise<RunningGateway> {
  const logger = createLogger('gateway');
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const declared = subgraphsOf(supergraphSdl);
  const urls = Object.fromEntries(Object.entries(declared).map(([name, url]) => [name, config.subgraphUrls[name] ?? url]));

  const departmentOf = (name: string) => departmentOfSubgraph(name, config.subgraphDepartments);
  // The access record, kept by the services subgraph (AUDIT_SUBGRAPH, AUDIT_ENABLED; entity AUDIT_ENTITY_TYPE / AUDIT_ENTITY_KEY).
  const audit = auditFor({ enabled: config.AUDIT_ENABLED, subgraph: config.AUDIT_SUBGRAPH, urls }, {
    contextKey: config.contextKey,
    departments: Object.fromEntries(Object.keys(urls).map((name) => [name, departmentOf(name)])),
    entityType: config.AUDIT_ENTITY_TYPE,
    keyField: config.AUDIT_ENTITY_KEY,
    redisUrl: config.REDIS_URL,
    prefix: config.CACHE_PREFIX,
    logger,
  });
  // @apollo/gateway reports usage to Apollo's cloud and probes cloud metadata endpoints unless
  // told not to. A government data backbone sends nothing outside its network: off, always.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // Subgraph connection pools, closed on stop.
  const sources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: logger as any,
    experimental_didResolveQueryPlan: audit.didResolveQueryPlan as any,
    buildService: ({ name }) => {
      const source = new SubgraphDataSource({
        name,
        url: urls[name],
        department: departmentOf(name),
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        connections: config.SUBGRAPH_CONNECTIONS,
        contextKey: config.contextKey,
        entityBatchMax: config.GATEWAY_ENTITY_BATCH ? config.GATEWAY_ENTITY_BATCH_MAX : 0,
        operationBatchMax: config.GATEWAY_OPERATION_BATCH ? config.GATEWAY_OPERATION_BATCH_MAX : 0,
      });
      sources.push(source);
      return source;
    },
  });
  const production = config.NODE_ENV === 'production';
  const operations = new OperationCache({ redisUrl: config.REDIS_URL, prefix: config.CACHE_PREFIX, registered: loadRegisteredOperations(config.OPERATIONS_DIR) });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: gateway as any,
    includeStacktraceInErrorResponses: false,
    // Stopping is runPart's (packages/runtime/src/graceful.ts): Apollo's own signal handler stops the server at
    // once and re-raises the signal, cutting requests in flight.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatGatewayError(formatLimitError(formatted), error),
    parseOptions: parseOptionsFor(config.limits),
    introspection: !production,
    logger: logger as any,
    cache: operations,
    persistedQueries: { cache: operations, ttl: APQ_TTL_SECONDS },
    // CSRF prevention: a request must be one a browser preflights. A bearer token (`authorization`
    // is no CORS-safelisted header) makes it one as surely as Apollo's own headers do, so a GET
    // that carries the token needs nothing more (README "GraphQL over HTTP").
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // Apollo's own landing page at GET /graphql loads Apollo Sandbox from its CDN; ours is GraphiQL at /, self-hosted.
    plugins: [ApolloServerPluginLandingPageDisabled(), requestErrorsPlugin<GatewayContext>(), freshnessPlugin<GatewayContext>(), errorPathsPlugin<GatewayContext>(), limitsPlugin<GatewayContext>(config.limits, readCostDirectives(supergraphSdl)), audit.plugin],
  });
  await apollo.start();

  let front: GracefulServer | undefined;
  const http = createHttpFront({
    apollo,
    graphiql: production ? null : loadGraphiql(),
    readiness: createReadinessProbe(urls, config.contextKey, { redis: (ms) => operations.reachable(ms), stopping: () => front?.stopping ?? false }),
    metrics: createMetrics(),
    maxBodyBytes: config.MAX_BODY_BYTES,
    requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
    logger,
    authenticate: createAuthenticator(config.auth),
    onRefused: audit.refused,
    cors: createCors(corsOriginPolicy(config.GATEWAY_CORS_ORIGINS, production)),
    routes: devTokenRoute(config.auth, { production }),
  });
  if (config.auth.disabled) logger.warn('GATEWAY_AUTH_DISABLED=true: bearer tokens are not checked and every caller is an anonymous frontend-app (never in production)');
  front = gracefulServer(http);
  const port = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? config.GATEWAY_PORT, config.GATEWAY_HOST, () => resolve((http.address() as AddressInfo).port));
  });
  return {
    url: `http://${config.GATEWAY_HOST}:${port}`,
    port,
    graphiql: !production,
    stop: async (graceMs = DEFAULT_SHUTDOWN_GRACE_MS) => {
      await front.close(graceMs);
      await apollo.stop();
      await audit.stop();
      await Promise.all(sources.map((s) => s.close()));
      await operations.close();
    },
  };
}
