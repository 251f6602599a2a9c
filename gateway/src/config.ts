import { z } from 'zod';
import { ConfigProblems, env, loadConfig, production, readContextVerification, shownDefault, SUBGRAPH_MAX_BATCH_OPERATIONS } from '@district/runtime';
import { SUBGRAPHS, SUBGRAPH_DEPARTMENTS, portBaseOf, urlOf } from '@district/parts';
import { readAuthSettings, type AuthSettings } from './auth/settings.ts';
import { RateLimitSettingsSchema } from './rate-limit.ts';
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
  GATEWAY_PORT: env.partPort('gateway').describe('Port the gateway listens on'),
  GATEWAY_HOST: z.string().default('127.0.0.1').describe('Address the gateway listens on (0.0.0.0 in a container)'),
  SUPERGRAPH_PATH: z.string().default(new URL('../../schema/supergraph.graphql', import.meta.url).pathname)
    .describe('Path of the supergraph SDL the gateway serves').meta(shownDefault('schema/supergraph.graphql')),
  // Above the subgraphs' own backend timeouts, so they answer first.
  SUBGRAPH_TIMEOUT_MS: env.ms(5_000).describe('Budget for one subgraph call, milliseconds'),
  GATEWAY_REQUEST_TIMEOUT_MS: env.ms(8_000).describe('Budget for a whole request: every subgraph call is cut to what is left of it, so an answer never hangs; at most SUBGRAPH_CONTEXT_MAX_AGE_MS'),
  SUBGRAPH_CONNECTIONS: env.int(32, 1).describe('Keep-alive connections per subgraph'),
  GATEWAY_ENTITY_BATCH: env.bool(true).describe('Merge concurrent `_entities` fetches of the same caller into one subgraph call'),
  GATEWAY_ENTITY_BATCH_MAX: env.int(200, 0).describe('Most representations in one merged `_entities` call; 0 switches merging off'),
  GATEWAY_OPERATION_BATCH: env.bool(true).describe('Send concurrent query operations of the same caller to a subgraph as one batched HTTP request'),
  GATEWAY_OPERATION_BATCH_MAX: z.coerce.number().int().min(0).max(SUBGRAPH_MAX_BATCH_OPERATIONS).default(32)
    .describe(`Most operations in one batched request, at most ${SUBGRAPH_MAX_BATCH_OPERATIONS} (what subgraphs accept); 0 switches batching off`),
  GATEWAY_RESPONSE_CACHE: env.bool(true)
    .describe('Response and entity cache at the gateway: entities and root fields kept per subgraph, selection and authorization class for the time the subgraph hints (Cache-Control), so a warm repeat costs no subgraph call; in Redis with REDIS_URL, else in this process'),
  CACHE_ENABLED: env.bool(true).describe('false turns every cache off, the gateway\'s response cache too (benchmarks of the raw path, outage tests)'),
  GATEWAY_RESPONSE_CACHE_MAX_TTL_S: env.int(300, 1).describe('Longest a response-cache entry stays fresh, seconds, whatever the subgraph hints'),
  GATEWAY_RESPONSE_CACHE_STALE_S: env.int(3_600, 0)
    .describe('How long past its time to live a response-cache entry is kept to be served, marked stale (extensions.stale), when its subgraph cannot answer; 0: never'),
  GATEWAY_RESPONSE_CACHE_MAX_ENTRIES: env.int(50_000, 1).describe('Response-cache entries held in this process without Redis (least recently used dropped first)'),
  REDIS_URL: env.redisUrl().meta(production('required')),
  CACHE_PREFIX: env.cachePrefix(),
  GATEWAY_OPERATION_MANIFESTS: z.string().min(1).default(new URL('../../schema/persisted-query-manifest.json', import.meta.url).pathname)
    .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .describe('Comma-separated paths of persisted-query manifests (Apollo\'s apollo-persisted-query-manifest format) whose operations every instance knows by id; those published to Redis (npm run operations:publish) are known too')
    .meta(shownDefault('schema/persisted-query-manifest.json')),
  GATEWAY_SAFELIST: z.enum(['true', 'false', '1', '0'], 'must be true or false').optional().transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'))
    .describe('Safelist mode: run only registered operations (by id or by their exact normalized body), refuse anything else with 403 OPERATION_NOT_REGISTERED')
    .meta(shownDefault('on in production, off otherwise')),
  MAX_BODY_BYTES: env.int(1_048_576, 1024).describe('Largest request body accepted, bytes (413 PAYLOAD_TOO_LARGE beyond)'),
  GATEWAY_JWT_SECRET: env.optionalString()
    .describe('HS256 secret (at least 32 characters) for bearer tokens; outside production the development key by default').meta(production('refused')),
  GATEWAY_JWKS_URL: env.optionalString().describe('JSON Web Key Set (https) that verifies RS256/ES256 bearer tokens').meta(production('required')),
  GATEWAY_JWT_ISSUER: env.optionalString().describe('Expected `iss` of bearer tokens, checked when set'),
  GATEWAY_JWT_AUDIENCE: env.optionalString().describe('Expected `aud` of bearer tokens, checked when set'),
  GATEWAY_AUTH_DISABLED: env.bool(false).describe('true: no bearer tokens, every caller an anonymous frontend-app').meta(production('refused: true')),
  GATEWAY_CORS_ORIGINS: corsOriginsSetting(),
  GATEWAY_MAX_DEPTH: env.int(DEFAULT_MAX_DEPTH, 1).describe('Operation limit: fields nested in fields'),
  GATEWAY_MAX_ALIASES: env.int(DEFAULT_MAX_ALIASES, 0).describe('Operation limit: aliased fields, a fragment counted each time it is spread'),
  GATEWAY_MAX_TOKENS: env.int(DEFAULT_MAX_TOKENS, 10).describe('Operation limit: lexical tokens of the document (the parser stops beyond it)'),
  GATEWAY_MAX_COST: env.int(DEFAULT_MAX_COST, 1).describe('Operation limit: each field 1 times the page sizes above it'),
  GATEWAY_DEFAULT_LIST_SIZE: env.int(DEFAULT_LIST_SIZE, 1).describe('Page size counted for a list without `first`/`last`/`limit` or a default'),
  GATEWAY_MAX_PAGE_SIZE: env.int(DEFAULT_MAX_PAGE_SIZE, 1).describe('Largest page size counted (the subgraphs cap pages there)'),
  AUDIT_SUBGRAPH: env.string('services').describe('Subgraph that keeps the access record; the gateway refuses to start if the supergraph has none of that name'),
  AUDIT_ENABLED: env.bool(true).describe('false: no access record, for running the gateway on another graph').meta(production('refused: false')),
  AUDIT_ENTITY_TYPE: env.optionalString().describe('Entity type the access record follows').meta(shownDefault('Enterprise')),
  AUDIT_ENTITY_KEY: env.optionalString().describe('Key field of that entity type').meta(shownDefault('uscc')),
  AUDIT_WRITE_BEHIND: env.bool(true).describe('true: a response waits only until its access record is held in the spool (Redis with REDIS_URL, else AUDIT_SPOOL_FILE), and records reach services behind it, in batches; false: every response waits for services to write its record'),
  AUDIT_SPOOL_FILE: env.optionalString().describe('Without REDIS_URL: the local append-only file where access records wait for services (one gateway per file); what a killed gateway left there is written at the next start')
    .meta(shownDefault('<temp dir>/district-access-records/<CACHE_PREFIX>-<GATEWAY_PORT>.jsonl')),
  ...RateLimitSettingsSchema.shape,
});

/**
 * Variables the gateway reads by pattern, for any subgraph of the supergraph it serves (config.ts
 * below): declared here so the settings table lists them; `<NAME>` is the subgraph's name
 * upper-cased, dashes as underscores.
 */
export const GatewayRoutingSettingsSchema = z.object({
  'SUBGRAPH_<NAME>_URL': z.url().optional().describe("Where the gateway routes a subgraph (e.g. SUBGRAPH_REAL_ESTATE_URL), over the supergraph's URL; `npm start` sets them").meta(shownDefault("the supergraph's URL (moves with PORT_BASE)")),
  'SUBGRAPH_<NAME>_DEPARTMENT': z.string().optional().describe("Department a subgraph's failures are reported as (DEPARTMENT_UNAVAILABLE)").meta(shownDefault("the parts list's, else the name in upper snake case")),
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
  /** Whether only registered operations run (GATEWAY_SAFELIST, else on in production). */
  safelist: boolean;
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
  return { ...config, subgraphUrls, subgraphDepartments, contextKey: context!.key, auth, limits, safelist: config.GATEWAY_SAFELIST ?? config.NODE_ENV === 'production' };
}
