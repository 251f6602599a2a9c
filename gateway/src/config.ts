import { z } from 'zod';
import { ConfigProblems, env, loadConfig, readContextVerification, SUBGRAPH_MAX_BATCH_OPERATIONS } from '@district/runtime';
import { SUBGRAPHS, SUBGRAPH_DEPARTMENTS, portBaseOf, urlOf } from '@district/parts';
import { readAuthSettings, type AuthSettings } from './auth/settings.ts';
import { corsOriginsSetting } from './cors.ts';
import { DEFAULT_LIST_SIZE, DEFAULT_MAX_PAGE_SIZE, DEFAULT_MAX_ALIASES, DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH, DEFAULT_MAX_TOKENS, type OperationLimits } from './limits.ts';

/**
 * The gateway is generic: it serves whatever supergraph it is given and knows nothing of the
 * departments. Subgraph URLs come from the supergraph, each overridable by SUBGRAPH_<NAME>_URL
 * (name upper-cased, dashes as underscores, e.g. SUBGRAPH_REAL_ESTATE_URL). With PORT_BASE set
 * (the local stack moved, @district/parts) the listed subgraphs are at their moved ports instead;
 * a subgraph's own port variable alone does not move its route (a production supergraph routes to
 * other hosts), `npm start` sets SUBGRAPH_<NAME>_URL for that.
 */
export const GatewayConfigSchema = z.object({
  NODE_ENV: env.mode(),
  GATEWAY_PORT: env.partPort('gateway'),
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  /** Path of the supergraph SDL, default the checked-in schema/supergraph.graphql. */
  SUPERGRAPH_PATH: z.string().default(new URL('../../schema/supergraph.graphql', import.meta.url).pathname),
  /** Budget for one subgraph call, milliseconds (above the subgraphs' own backend timeouts, so they answer first). */
  SUBGRAPH_TIMEOUT_MS: env.ms(5_000),
  /** Budget for a whole request: every subgraph call is cut to what is left of it, so an answer never hangs. */
  GATEWAY_REQUEST_TIMEOUT_MS: env.ms(8_000),
  /** Keep-alive connections per subgraph. */
  SUBGRAPH_CONNECTIONS: env.int(32, 1),
  /** Merge concurrent `_entities` fetches of the same caller claims into one subgraph call (batching/entities.ts). */
  GATEWAY_ENTITY_BATCH: env.bool(true),
  /** Most representations in one merged call; 0 switches batching off like GATEWAY_ENTITY_BATCH=false. */
  GATEWAY_ENTITY_BATCH_MAX: env.int(200, 0),
  /** Send concurrent query operations of the same caller claims to a subgraph as one batched HTTP request (batching/operations.ts). */
  GATEWAY_OPERATION_BATCH: env.bool(true),
  /** Most operations in one batched request; 0 switches it off. The subgraphs accept at most SUBGRAPH_MAX_BATCH_OPERATIONS. */
  GATEWAY_OPERATION_BATCH_MAX: z.coerce.number().int().min(0).max(SUBGRAPH_MAX_BATCH_OPERATIONS).default(32),
  /** Shared cache for APQ and registered operations; unset = in-process (refused in production). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Key prefix in Redis, so deployments and test runs never collide. */
  CACHE_PREFIX: z.string().regex(/^[A-Za-z0-9:._-]+$/).default('district'),
  /** Folder of registered operations (*.graphql) every instance knows by hash. */
  OPERATIONS_DIR: z.string().default(new URL('../../schema/operations', import.meta.url).pathname),
  /** Largest request body accepted, bytes. */
  MAX_BODY_BYTES: env.int(1_048_576, 1024),
  /** HS256 secret for bearer tokens; outside production the development key by default; refused in production (auth/settings.ts). */
  GATEWAY_JWT_SECRET: env.optionalString(),
  /** JSON Web Key Set that verifies RS256/ES256 bearer tokens; required in production. */
  GATEWAY_JWKS_URL: env.optionalString(),
  /** Expected `iss` / `aud` of bearer tokens, checked when set. */
  GATEWAY_JWT_ISSUER: env.optionalString(),
  GATEWAY_JWT_AUDIENCE: env.optionalString(),
  /** true: no bearer tokens, every caller an anonymous frontend-app (refused in production). */
  GATEWAY_AUTH_DISABLED: env.bool(false),
  GATEWAY_CORS_ORIGINS: corsOriginsSetting(),
  /** Operation limits (limits.ts). */
  GATEWAY_MAX_DEPTH: env.int(DEFAULT_MAX_DEPTH, 1),
  GATEWAY_MAX_ALIASES: env.int(DEFAULT_MAX_ALIASES, 0),
  GATEWAY_MAX_TOKENS: env.int(DEFAULT_MAX_TOKENS, 10),
  GATEWAY_MAX_COST: env.int(DEFAULT_MAX_COST, 1),
  GATEWAY_DEFAULT_LIST_SIZE: env.int(DEFAULT_LIST_SIZE, 1),
  GATEWAY_MAX_PAGE_SIZE: env.int(DEFAULT_MAX_PAGE_SIZE, 1),
  /** Subgraph that keeps the access record (audit.ts); the gateway refuses to start if the supergraph has none of that name. */
  AUDIT_SUBGRAPH: env.string('services'),
  /** false: no access record, for running the gateway on another graph; outside production only. */
  AUDIT_ENABLED: env.bool(true),
  /** Entity type the access record follows, and its key field (audit.ts; default Enterprise / uscc). */
  AUDIT_ENTITY_TYPE: env.optionalString(),
  AUDIT_ENTITY_KEY: env.optionalString(),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema> & {
  /** Key that signs the request context sent to subgraphs (SUBGRAPH_CONTEXT_KEY). */
  contextKey: string;
  subgraphUrls: Record<string, string>;
  /** Department each subgraph's failures are reported as: SUBGRAPH_<NAME>_DEPARTMENT, else the parts list's, else the name in upper snake case. */
  subgraphDepartments: Record<string, string>;
  /** How bearer tokens are verified (GATEWAY_JWT_*, GATEWAY_JWKS_URL, GATEWAY_AUTH_DISABLED). */
  auth: AuthSettings;
  limits: OperationLimits;
};

/** The gateway's settings, or a ConfigError with every problem in them (not only the first). */
export function readGatewayConfig(e: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems = new ConfigProblems();
  let auth: AuthSettings | undefined;
  // The checks see every value that was read, even when another is malformed, so no problem hides another.
  const config = problems.read(() => loadConfig(GatewayConfigSchema, e, (c, problem) => {
    if (c.NODE_ENV === 'production' && !c.REDIS_URL && !e.REDIS_URL) {
      problem('REDIS_URL: is required in production: persisted operations and the waiting access records must be shared by every gateway instance');
    }
    if (c.NODE_ENV === 'production' && c.AUDIT_ENABLED === false) {
      problem('AUDIT_ENABLED: false is refused in production: every access to enterprise data must be on the record');
    }
    const authProblems = new ConfigProblems();
    auth = authProblems.read(() => readAuthSettings(c));
    authProblems.forEach(problem);
  }));
  const context = problems.read(() => readContextVerification(e));
  // The gateway signs a request's context once; its last subgraph call may leave at the deadline.
  if (config && context && config.GATEWAY_REQUEST_TIMEOUT_MS > context.maxAgeMs) {
    problems.add(`GATEWAY_REQUEST_TIMEOUT_MS: must not exceed SUBGRAPH_CONTEXT_MAX_AGE_MS (${context.maxAgeMs}): a request's late subgraph calls would carry a context the subgraphs refuse as too old (got "${config.GATEWAY_REQUEST_TIMEOUT_MS}")`);
  }
  const subgraphUrls: Record<string, string> = {};
  const subgraphDepartments: Record<string, string> = { ...SUBGRAPH_DEPARTMENTS };
  for (const [key, value] of Object.entries(e)) {
    const m = /^SUBGRAPH_([A-Z0-9_]+)_(URL|DEPARTMENT)$/.exec(key);
    if (!m || !value) continue;
    const name = m[1].toLowerCase().replaceAll('_', '-');
    if (m[2] === 'DEPARTMENT') {
      subgraphDepartments[name] = value;
      continue;
    }
    if (!URL.canParse(value)) problems.add(`${key}: must be a URL`);
    else subgraphUrls[name] = value;
  }
  // PORT_BASE moves the local stack: the listed subgraphs are where it puts them (their own port variable included).
  if (problems.read(() => portBaseOf(e)) !== undefined) for (const s of SUBGRAPHS) problems.read(() => (subgraphUrls[s.name] ??= urlOf(s, e, 'gateway')));
  problems.throwIfAny();
  if (!config || !auth || !context) throw new Error('unreachable: configuration read without problems but incomplete');
  const limits: OperationLimits = {
    maxDepth: config.GATEWAY_MAX_DEPTH,
    maxAliases: config.GATEWAY_MAX_ALIASES,
    maxTokens: config.GATEWAY_MAX_TOKENS,
    maxCost: config.GATEWAY_MAX_COST,
    defaultListSize: config.GATEWAY_DEFAULT_LIST_SIZE,
    maxPageSize: config.GATEWAY_MAX_PAGE_SIZE,
  };
  return { ...config, subgraphUrls, subgraphDepartments, contextKey: context!.key, auth, limits };
}
