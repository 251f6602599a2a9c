import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { DEFAULT_SHUTDOWN_GRACE_MS, createLogger, gracefulServer, operationMetricsPlugin, type GracefulServer } from '@district/runtime';
import { departmentOfSubgraph } from '@district/domain';
import { freshnessPlugin } from '@district/department-access';
import type { GatewayConfig } from './config.ts';
import type { GatewayContext } from './context.ts';
import { SubgraphDataSource } from './datasource.ts';
import { ResponseCache } from './response-cache/response-cache.ts';
import { formatGatewayError } from './errors.ts';
import { errorPathsPlugin } from './error-paths.ts';
import { requestErrorsPlugin } from './request-errors.ts';
import { APQ_TTL_SECONDS, OperationCache } from './operation-cache.ts';
import { OperationRegistry } from './operation-registry.ts';
import { createSafelist } from './safelist.ts';
import { loadGraphiql } from './graphiql.ts';
import { createReadinessProbe } from './health.ts';
import { createHttpFront } from './http.ts';
import { createAuthenticator } from './auth/index.ts';
import { formatLimitError, limitsPlugin, parseOptionsFor } from './limits.ts';
import { readCostDirectives } from './cost-directives.ts';
import { auditFor, writeBehindOf } from './audit.ts';
import { createRateLimiter } from './rate-limit.ts';
import { corsOriginPolicy, createCors } from './cors.ts';
import { DEV_TOKEN_PATH, devTokenRoute } from './dev-token-route.ts';
import { loadWorkbench } from './workbench.ts';
import { CERTIFICATE_SUBGRAPH, certificatePdfRoute } from './certificate-pdf-route.ts';
import { DELEGATION_SUBGRAPH, delegationPlugin } from './delegation.ts';

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

  // Registered operations (GATEWAY_OPERATION_MANIFESTS, and those published to Redis); in safelist mode the only ones that run.
  // Read first: a missing or malformed manifest fails the start before anything else is opened.
  const registry = new OperationRegistry({ manifests: config.GATEWAY_OPERATION_MANIFESTS, redisUrl: config.REDIS_URL, prefix: config.CACHE_PREFIX });
  const departmentOf = (name: string) => departmentOfSubgraph(name, config.subgraphDepartments);
  // The access record, kept by the services subgraph (AUDIT_SUBGRAPH, AUDIT_ENABLED; entity AUDIT_ENTITY_TYPE / AUDIT_ENTITY_KEY).
  const audit = auditFor({ enabled: config.AUDIT_ENABLED, subgraph: config.AUDIT_SUBGRAPH, urls }, {
    contextKey: config.contextKey,
    departments: Object.fromEntries(Object.keys(urls).map((name) => [name, departmentOf(name)])),
    entityType: config.AUDIT_ENTITY_TYPE,
    keyField: config.AUDIT_ENTITY_KEY,
    redisUrl: config.REDIS_URL,
    prefix: config.CACHE_PREFIX,
    writeBehind: writeBehindOf(config),
    logger,
  });
  // @apollo/gateway reports usage to Apollo's cloud and probes cloud metadata endpoints unless
  // told not to. A government data backbone sends nothing outside its network: off, always.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // The response and entity cache (GATEWAY_RESPONSE_CACHE*; CACHE_ENABLED=false turns it off with the departments'), one for every subgraph's source.
  const responseCache = config.GATEWAY_RESPONSE_CACHE && config.CACHE_ENABLED
    ? new ResponseCache({
      redisUrl: config.REDIS_URL, prefix: config.CACHE_PREFIX, subgraphs: Object.keys(urls), logger,
      maxTtlMs: config.GATEWAY_RESPONSE_CACHE_MAX_TTL_S * 1000, staleMs: config.GATEWAY_RESPONSE_CACHE_STALE_S * 1000, maxEntries: config.GATEWAY_RESPONSE_CACHE_MAX_ENTRIES,
    })
    : undefined;
  // Subgraph connection pools, closed on stop.
  const sources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: logger as any,
    experimental_didResolveQueryPlan: audit.didResolveQueryPlan as any,
    // Its own OpenTelemetry spans (gateway.request, validate, plan, execute, fetch), under ours
    // when tracing is on (@district/runtime tracing.ts); never the document or error messages,
    // which may quote what the caller sent.
    telemetry: { includeDocument: false, recordExceptions: false },
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
        responseCache,
      });
      sources.push(source);
      return source;
    },
  });
  const production = config.NODE_ENV === 'production';
  const operations = new OperationCache({ redisUrl: config.REDIS_URL, prefix: config.CACHE_PREFIX, registry });
  if (production && !config.safelist) logger.warn('GATEWAY_SAFELIST=false in production: any operation a caller sends runs, not only the registered ones');
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
    plugins: [ApolloServerPluginLandingPageDisabled(), operationMetricsPlugin<GatewayContext>(), requestErrorsPlugin<GatewayContext>(), freshnessPlugin<GatewayContext>(), errorPathsPlugin<GatewayContext>(), limitsPlugin<GatewayContext>(config.limits, readCostDirectives(supergraphSdl)),
      // 帮办代办: the delegation an agent's token names, in effect or refused, before anything is planned or recorded.
      delegationPlugin({ servicesUrl: urls[DELEGATION_SUBGRAPH], contextKey: config.contextKey, logger }), audit.plugin],
  });
  await apollo.start();

  // Per-caller budgets, shared through Redis by every instance (REDIS_URL, CACHE_PREFIX; RATE_LIMIT_*).
  const rateLimiter = createRateLimiter({ settings: config, redisUrl: config.REDIS_URL, prefix: config.CACHE_PREFIX, logger });
  // Shared counting from the first request when Redis is there; a gateway starts anyway when it is not (fail open).
  await rateLimiter.connected(2_000);
  // The departments' invalidations heard before the first answer is cached; a gateway starts anyway without Redis.
  await responseCache?.listening(2_000).catch(() => logger.warn('response cache: department invalidation channels not subscribed yet (Redis unreachable); entries still expire by their time to live'));
  let front: GracefulServer | undefined;
  const authenticate = createAuthenticator(config.auth);
  // GET /certificates/<code>/pdf: printing at a terminal, with the caller's token (certificate-pdf-route.ts).
  const certificatePdf = urls[CERTIFICATE_SUBGRAPH]
    ? certificatePdfRoute({ servicesUrl: urls[CERTIFICATE_SUBGRAPH], contextKey: config.contextKey, authenticate, rateLimiter, timeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS, logger })
    : undefined;
  const devToken = devTokenRoute(config.auth, { production });
  const http = createHttpFront({
    apollo,
    graphiql: production ? null : loadGraphiql(),
    // In production the page signs in with the identity provider's token; /dev/token is not there.
    workbench: loadWorkbench({ devTokenPath: devToken ? DEV_TOKEN_PATH : null }),
    readiness: createReadinessProbe(urls, config.contextKey, { redis: (ms) => operations.reachable(ms), stopping: () => front?.stopping ?? false }),
    maxBodyBytes: config.MAX_BODY_BYTES,
    requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
    logger,
    authenticate,
    rateLimiter,
    onRefused: audit.refused,
    admit: createSafelist({ enforce: config.safelist, registry, maxTokens: config.limits.maxTokens }),
    cors: createCors(corsOriginPolicy(config.GATEWAY_CORS_ORIGINS, production)),
    routes: async (req, res, url) => (await certificatePdf?.(req, res, url)) || (await devToken?.(req, res, url)) || false,
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
      await responseCache?.close();
      await operations.close();
      registry.close();
      await rateLimiter.close();
    },
  };
}
