import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin, type BaseContext, type ContextFunction } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { shortenQuotedValues } from '@district/domain';
import { scalarResolvers } from './scalars.ts';
import { freshnessPlugin } from '@district/department-access';
import type { Logger, ReadinessCheck } from '@district/runtime';
import { CONTEXT_HEADER, currentRequestScope, operationMetricsPlugin, readContextVerification, readListenHost, verifyContext } from '@district/runtime';
import { systemCaller, type Caller } from '@district/domain';
import { enforceSensitivity, guardEnterpriseReferences, sensitivityDeclarations } from './authorization.ts';
import { departmentOfSubgraph, type Department } from '@district/domain';
import { createAccessRecordWriter, sendRecordsTo, type SendRecords } from '@district/audit';
import { createRedisSpool } from '@district/audit';
import { createRefusalAuditor, usccsIn } from '@district/audit';
import { listenSubgraph, type SubgraphRequest, type SubgraphRoutes } from './subgraph-http.ts';
import { readSubgraphSettings } from './subgraph-settings.ts';
import { SUBGRAPH_DEPARTMENTS as PART_DEPARTMENTS } from '@district/parts';

/** The SDL every subgraph shares (scalars, Department, LifecycleEvent). */
export const sharedTypeDefs: DocumentNode = parse(readFileSync(new URL('./schema/shared.graphql', import.meta.url), 'utf8'));

/** Reads a subgraph's own schema.graphql next to the calling module. */
export function loadSchemaFile(url: URL): DocumentNode {
  return parse(readFileSync(url, 'utf8'));
}

/** The department whose fields a subgraph serves, by subgraph name (for own-department grants): the parts list's. */
const SUBGRAPH_DEPARTMENTS: Readonly<Record<string, Department>> = PART_DEPARTMENTS;

/**
 * The subgraph schema, with authorization applied (authorization.ts): every field declared
 * `@sensitivity` checked against the caller's grant, and Enterprise references refused to the
 * enterprise role for any USCC but its own.
 */
export function buildFederatedSchema(typeDefs: DocumentNode, resolvers: GraphQLResolverMap<any>, department?: Department) {
  const schema = buildSubgraphSchema([{ typeDefs: sharedTypeDefs, resolvers: scalarResolvers as any }, { typeDefs, resolvers: guardEnterpriseReferences(resolvers) }]);
  return enforceSensitivity(schema, sensitivityDeclarations(typeDefs), department);
}

/**
 * What a client sees of an error: its message and code, never a stack trace or an internal
 * address. Errors we did not raise on purpose become INTERNAL_SERVER_ERROR and are logged.
 */
export function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const code = formatted.extensions?.code;
    const deliberate = original instanceof GraphQLError && typeof (original as GraphQLError).extensions?.code === 'string';
    if (deliberate || (code && code !== 'INTERNAL_SERVER_ERROR')) {
      const { stacktrace: _s, exception: _e, ...extensions } = formatted.extensions ?? {};
      // graphql-js quotes a bad argument whole; a 900,000-character value must not make a 900 KB message.
      return { ...formatted, message: shortenQuotedValues(formatted.message), extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
    return { message: 'Internal error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** What a subgraph's context function receives: the request, and the verified caller. */
export type SubgraphContextArgument = SubgraphRequest & { caller: Caller };

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<any>;
  context: ContextFunction<[SubgraphContextArgument], C>;
  /** Where SUBGRAPH_CONTEXT_KEY / SUBGRAPH_VERIFY_CONTEXT and the subgraph settings (subgraph-settings.ts) are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  port: number;
  host?: string;
  /** More Apollo Server plugins; stale-if-error reporting (extensions.stale) is always on. */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * Where refused direct calls are recorded. Default: the services subgraph's `recordAccesses`
   * at SERVICES_SUBGRAPH_URL, else where the parts list puts services (PORT_BASE, SERVICES_PORT;
   * read when a refusal is sent); services passes its own store.
   */
  recordRefusals?: SendRecords;
  /** What /health/ready waits for (redis, postgres, store), each by name; the subgraph is ready when all answer. */
  readinessChecks?: Record<string, ReadinessCheck>;
  /** The subgraph's own HTTP routes beside GraphQL (subgraph-http.ts: SubgraphRoutes); they carry no signed context. */
  routes?: SubgraphRoutes;
}

export interface RunningSubgraph {
  url: string;
  server: ApolloServer<any>;
  /**
   * Stops accepting; requests in flight finish within `graceMs` (default DEFAULT_SHUTDOWN_GRACE_MS);
   * then the refusal records still waiting are written and the part's own resources closed.
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Apollo Server runs a batch's operations concurrently: fine for reads, but mutations in one list
 * would have no order and share one context. The gateway batches queries only; anyone else
 * sending a mutation in a list is refused, before it runs.
 */
const queriesOnlyInBatches: ApolloServerPlugin<any> = {
  async requestDidStart(start) {
    if (!start.requestIsBatched) return;
    return {
      async didResolveOperation(rc) {
        const kind = rc.operation?.operation;
        if (kind && kind !== 'query') {
          throw new GraphQLError(`a ${kind} cannot be sent in a batched request; send it on its own`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
      },
    };
  },
};

export function createSubgraphServer<C extends BaseContext>(options: Omit<SubgraphServerOptions<C>, 'port' | 'host' | 'context'>): ApolloServer<C> {
  return new ApolloServer<C>({
    schema: buildFederatedSchema(options.typeDefs, options.resolvers, SUBGRAPH_DEPARTMENTS[options.name]),
    includeStacktraceInErrorResponses: false,
    // Stopping is runPart's (graceful.ts): Apollo's own signal handler would stop at once and re-raise.
    stopOnTerminationSignals: false,
    formatError: formatErrorFor(options.logger),
    plugins: [ApolloServerPluginInlineTraceDisabled(), operationMetricsPlugin<C>(), queriesOnlyInBatches, freshnessPlugin<any>(), ...(options.plugins ?? [])],
    // The gateway sends concurrent query operations of one caller as one list (subgraph-http.ts
    // bounds its length); they share one context, so their DataLoaders batch backend calls.
    allowBatchedHttpRequests: true,
    logger: options.logger as any,
  });
}

/**
 * Starts a subgraph on a port (0 = a free one). Every request must carry the gateway's signed
 * request context; the verified caller is handed to the subgraph's own context function.
 */
export async function startSubgraph<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningSubgraph> {
  const env = options.env ?? process.env;
  const verification = readContextVerification(env);
  const settings = readSubgraphSettings(env);
  const server = createSubgraphServer<C>(options);
  const department = departmentOfSubgraph(options.name, SUBGRAPH_DEPARTMENTS);
  const writer = createAccessRecordWriter({
    logger: options.logger,
    // Refusals waiting for services are held in Redis when the deployment has one, like the gateway's records.
    spool: settings.redisUrl ? createRedisSpool({ url: settings.redisUrl, prefix: settings.cachePrefix, name: options.name, logger: options.logger }) : undefined,
    // Read when a record is sent: a stack started in order tells its subgraphs where services is once services has started.
    send: options.recordRefusals ?? sendRecordsTo({ url: () => readSubgraphSettings(env).servicesUrl, contextKey: verification.key, sub: options.name }),
  });
  const recordRefusal = createRefusalAuditor({ writer, logger: options.logger });
  await server.start();
  const front = await listenSubgraph<C>({
    server,
    port: options.port,
    host: options.host ?? readListenHost(env),
    logger: options.logger,
    name: options.name,
    readinessChecks: options.readinessChecks,
    routes: options.routes,
    context: async (args) => {
      const header = args.req.headers[CONTEXT_HEADER];
      let caller: Caller;
      try {
        caller = verification.verify
          ? await verifyContext(Array.isArray(header) ? header[0] : header, verification.key, { maxAgeMs: verification.maxAgeMs })
          : systemCaller(String(args.req.headers['x-request-id'] ?? 'unverified'));
      } catch (refusal) {
        // A direct call around the gateway: refused, and on the record with what it reached for,
        // under an id of our own (the caller's x-request-id is kept beside it as the client's).
        const operations = Array.isArray(args.body) ? args.body : args.body ? [args.body] : [];
        const clientRequestId = args.req.headers['x-request-id'];
        recordRefusal(() => ({
          clientRequestId: typeof clientRequestId === 'string' ? clientRequestId : undefined,
          departments: [department],
          subjects: usccsIn(operations.map((o) => `${typeof o?.query === 'string' ? o.query : ''} ${JSON.stringify(o?.variables ?? null)}`).join(' ')),
          fields: [...new Set(operations.flatMap((o) => rootFields(o?.query)))].slice(0, 50),
        }));
        throw refusal;
      }
      // From here the request is the gateway's: its id (signed) and the caller's role on this call's log lines.
      const scope = currentRequestScope();
      if (scope) {
        scope.requestId = caller.requestId;
        scope.role = caller.role;
      }
      return options.context({ ...args, caller });
    },
  });
  return { url: front.url, server, stop: async (graceMs) => { await front.close(graceMs); await server.stop(); await writer.stop(); } };
}

/** Root fields of a refused operation, as Type.field (for the record; unparsable → none). */
function rootFields(query: unknown): string[] {
  if (typeof query !== 'string') return [];
  try {
    const doc = parse(query, { maxTokens: 2_000 });
    const out = new Set<string>();
    for (const def of doc.definitions) {
      if (def.kind !== 'OperationDefinition') continue;
      const type = def.operation === 'mutation' ? 'Mutation' : def.operation === 'subscription' ? 'Subscription' : 'Query';
      for (const sel of def.selectionSet.selections) if (sel.kind === 'Field' && !sel.name.value.startsWith('__')) out.add(`${type}.${sel.name.value}`);
    }
    return [...out].slice(0, 50);
  } catch {
    return [];
  }
}
