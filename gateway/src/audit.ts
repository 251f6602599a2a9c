import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { ConfigError, type Logger } from '@district/runtime';
import { createAccessRecordWriter, createRedisSpool, createRefusalAuditor, sendRecordsTo, usccsIn, type RecordRefusal, type SendRecords } from '@district/audit';
import { departmentOfSubgraph, type Caller } from '@district/domain';
import type { AccessOutcome, AccessRecordInput } from '@district/audit';
import { AUDIT_KEY_ALIAS, createOperationAnalyzer, keyValues, selectedFields } from './audit-analysis.ts';
import type { GatewayContext } from './context.ts';

/**
 * The access record (X-Road message log / Data Tracker, domain.md §5.2), as an Apollo Server
 * plugin. The gateway stays generic: it knows one configured entity type and key field (default
 * Enterprise / uscc), and for every mutation (each acts on an enterprise or on a case about one)
 * and every operation that selects a field of that type or returning it collects
 *   - the fields selected, as schema coordinates Type.field (TypeInfo over the operation);
 *   - the keys of the entities touched: the key wherever the arguments carry it (`uscc: …`, an
 *     input's `uscc`, at any depth, literal or variable), every entity object in the answer and,
 *     for a mutation, every field named like the key in the answer (a case's `uscc`): the
 *     operation is rewritten to select the key under a private alias, which is stripped from the
 *     response, so `enterprises { name }` or `openEnterprise { id }` is recorded with its USCCs;
 *   - the subgraphs the query plan asks, reported as their departments;
 *   - the outcome from the errors (`outcomeOf`): OK, PARTIAL, INVALID, DENIED or ERROR;
 * and appends one record through the services subgraph's internal `recordAccesses` mutation
 * (@inaccessible: not in the public graph), called directly with a context signed for role
 * `system`, as group commits (packages/audit/src/audit-writer.ts). The record is written before the
 * response is sent (bounded wait); if services cannot take it, it waits — in Redis when there is
 * one, else in a bounded queue in memory — and is retried in order. Logs carry request ids and counts, never keys or field values.
 *
 * Refusals are recorded too, as DENIED: requests refused before GraphQL (no or bad token, or over
 * the caller's rate limit: see `refused`, called by the HTTP front), operations over the limits and introspection where it is
 * off — whether or not they name an enterprise.
 */
export interface AuditOptions {
  /** URL of the subgraph that keeps the record (services). */
  url: string;
  contextKey: string;
  /** Subgraph name → department, as failures are reported. */
  departments: Record<string, string>;
  entityType?: string;
  keyField?: string;
  /** How long a response waits for its record to be written before it is queued instead. */
  writeTimeoutMs?: number;
  /** Records kept for retry in memory (without Redis) when services is unreachable; beyond it the oldest are dropped, loudly. */
  maxQueue?: number;
  retryIntervalMs?: number;
  /**
   * Redis (REDIS_URL) and the deployment's key prefix (CACHE_PREFIX): records waiting for services
   * are held there, shared by every gateway instance, so none is lost with a killed process.
   */
  redisUrl?: string;
  prefix?: string;
  logger: Logger;
  /** Replaces the HTTP write (tests). */
  send?: SendRecords;
}

interface Pending {
  at: string;
  fields: readonly string[];
  subjects: Set<string>;
  departments: Set<string>;
}

const USCC_LIKE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Collects and removes the private key alias from a response's data. */
export function takeAuditKeys(data: unknown, into: Set<string>): void {
  if (Array.isArray(data)) {
    for (const item of data) takeAuditKeys(item, into);
  } else if (data && typeof data === 'object') {
    const obj = data as Record<string, unknown>;
    if (AUDIT_KEY_ALIAS in obj) {
      if (typeof obj[AUDIT_KEY_ALIAS] === 'string') into.add(obj[AUDIT_KEY_ALIAS] as string);
      delete obj[AUDIT_KEY_ALIAS];
    }
    for (const v of Object.values(obj)) if (v && typeof v === 'object') takeAuditKeys(v, into);
  }
}

/**
 * Codes that say the caller's request could not go as asked — its own mistake (bad input, an
 * operation that is not valid) or what it asked cannot be (not found, a conflict, a precondition
 * or department rule it does not meet): the 4xx of GraphQL, other than being refused.
 */
const CALLER_MISTAKES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED', 'DEPARTMENT_REJECTED',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

type ErrorLike = { message?: string; extensions?: Record<string, unknown> };

/**
 * The outcome from the response's errors; each means one thing, and a mix takes the first that
 * holds, in this order:
 *   DENIED  the caller was refused: FORBIDDEN, UNAUTHENTICATED, RATE_LIMITED, a limit, introspection where it is off;
 *   ERROR   our failure: an internal error or any code not listed here, or a department unavailable
 *           with nothing answered at all;
 *   PARTIAL a department was unavailable (DEPARTMENT_UNAVAILABLE): its fields are missing, the rest answered;
 *   INVALID the caller's own mistake (CALLER_MISTAKES): nothing or part answered;
 *   OK      answered in full.
 */
export function outcomeOf(errors: readonly ErrorLike[] | undefined, hasData: boolean): AccessOutcome {
  if (!errors?.length) return 'OK';
  let unavailable = false;
  let ours = false;
  for (const error of errors) {
    const code = error.extensions?.code;
    if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED' || isRefusal(error)) return 'DENIED';
    if (code === 'DEPARTMENT_UNAVAILABLE') unavailable = true;
    else if (typeof code !== 'string' || !CALLER_MISTAKES.has(code)) ours = true;
  }
  if (ours || (unavailable && !hasData)) return 'ERROR';
  return unavailable ? 'PARTIAL' : 'INVALID';
}

/** An operation refused by policy rather than mistaken: over a limit, or introspection where it is off. */
export function isRefusal(error: { message?: string; extensions?: Record<string, unknown> }): boolean {
  return typeof error.extensions?.limit === 'string' || /introspection is not allowed/i.test(error.message ?? '');
}

/** Fetch nodes' subgraph names anywhere in a query plan. */
function planServicesOf(node: unknown, into: Set<string>, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 64) return;
  const n = node as Record<string, unknown>;
  if (n.kind === 'Fetch' && typeof n.serviceName === 'string') into.add(n.serviceName);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'operation' || k === 'operationDocumentNode' || k === 'requires' || k === 'inputRewrites' || k === 'outputRewrites') continue;
    if (Array.isArray(v)) v.forEach((c) => planServicesOf(c, into, depth + 1));
    else if (v && typeof v === 'object') planServicesOf(v, into, depth + 1);
  }
}

/** The gateway caches plans and hands out the same plan object again: walk each once. */
const servicesByPlan = new WeakMap<object, string[]>();
function planServices(plan: unknown): string[] {
  if (!plan || typeof plan !== 'object') return [];
  let services = servicesByPlan.get(plan);
  if (!services) {
    const found = new Set<string>();
    planServicesOf(plan, found);
    servicesByPlan.set(plan, (services = [...found]));
  }
  return services;
}

export interface AuditRecorder {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** For ApolloGateway's experimental_didResolveQueryPlan: which subgraphs the plan asks. */
  didResolveQueryPlan(options: { queryPlan: unknown; requestContext: { context?: unknown } }): void;
  /** A request refused before GraphQL (no or bad credentials, an operation not registered, over its rate limit), with the text it sent and the caller if known. */
  refused(request: { requestId: string; clientRequestId?: string; text?: string; caller?: Caller }): void;
  /** Records waiting for services (with Redis: those of every gateway instance sharing it). */
  queued(): Promise<number>;
  /** Tries to write every queued record now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The access record as the gateway's settings ask for it: kept by AUDIT_SUBGRAPH, which must be a
 * subgraph of the supergraph — a name that is not would queue every record forever, so the gateway
 * refuses to start, naming the subgraphs there are — or, with AUDIT_ENABLED=false (outside
 * production: config.ts), not kept at all.
 */
export function auditFor(settings: { enabled: boolean; subgraph: string; urls: Record<string, string> }, o: Omit<AuditOptions, 'url'>): AuditRecorder {
  if (!settings.enabled) {
    o.logger.warn('AUDIT_ENABLED=false: no access record is kept (never in production)');
    return noAccessRecord;
  }
  const url = settings.urls[settings.subgraph];
  if (!url) {
    const names = Object.keys(settings.urls).sort().join(', ');
    throw new ConfigError([`AUDIT_SUBGRAPH: "${settings.subgraph}" is not a subgraph of the supergraph (it has ${names}); name the one that keeps the access record, or set AUDIT_ENABLED=false (outside production)`]);
  }
  return createAuditRecorder({ ...o, url });
}

const noAccessRecord: AuditRecorder = {
  plugin: {},
  didResolveQueryPlan: () => undefined,
  refused: () => undefined,
  queued: async () => 0,
  flush: async () => undefined,
  stop: async () => undefined,
};

export function createAuditRecorder(o: AuditOptions): AuditRecorder {
  const entityType = o.entityType ?? 'Enterprise';
  const keyField = o.keyField ?? 'uscc';
  const pending = new WeakMap<object, Pending>();
  const analyze = createOperationAnalyzer(entityType, keyField);
  const writer = createAccessRecordWriter({
    logger: o.logger,
    maxQueue: o.maxQueue,
    retryIntervalMs: o.retryIntervalMs,
    spool: o.redisUrl ? createRedisSpool({ url: o.redisUrl, prefix: o.prefix ?? 'district', name: 'gateway', logger: o.logger }) : undefined,
    send: o.send ?? sendRecordsTo({ url: o.url, contextKey: o.contextKey, sub: 'gateway', timeoutMs: o.writeTimeoutMs }),
  });
  const recordRefusal: RecordRefusal = createRefusalAuditor({ writer, logger: o.logger });

  const plugin: ApolloServerPlugin<GatewayContext> = {
    // Errors before the operation resolves (parse, validation) touch no data and are not recorded.
    async requestDidStart() {
      const at = new Date().toISOString();
      return {
        async didResolveOperation(rc) {
          if (!rc.operation) return;
          const analysis = analyze(rc.schema, rc.document, rc.operation);
          // Every operation of an agent under a delegation is a use of it, on the record whatever it selects.
          if (!analysis.touches && !rc.contextValue.caller.delegationId) return;
          const state: Pending = { at, fields: analysis.fields, subjects: new Set(), departments: new Set() };
          for (const k of keyValues(analysis.keyArguments, rc.request.variables ?? {}, keyField)) if (USCC_LIKE.test(k)) state.subjects.add(k);
          pending.set(rc.contextValue, state);
          // The operation that runs, with the key selected wherever the entity is (subscriptions as they are).
          (rc as { document: DocumentNode }).document = analysis.withKeys;
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          const state = pending.get(rc.contextValue);
          if (!state) {
            // Refused before it resolved to an operation touching the entity (token limit,
            // introspection off), or a field of an operation that touches none refused to this
            // caller (another building's statistics): on the record all the same, with what it named.
            if (result.errors?.some((e) => isRefusal(e) || e.extensions?.code === 'FORBIDDEN')) {
              const caller = rc.contextValue.caller;
              recordRefusal(() => ({
                requestId: rc.contextValue.requestId, clientRequestId: rc.contextValue.clientRequestId, who: caller.sub, role: caller.role, purpose: caller.purpose ?? null,
                subjects: usccsIn(`${rc.request.query ?? ''} ${JSON.stringify(rc.request.variables ?? null)}`),
                fields: rc.document ? [...selectedFields(rc.schema, rc.document, entityType).fields].slice(0, 200) : [],
              }));
            }
            return;
          }
          pending.delete(rc.contextValue);
          if (result.data) takeAuditKeys(result.data, state.subjects);
          const caller = rc.contextValue.caller;
          // An agent's use is the enterprise's too: on its record, naming agent and delegation (delegation.ts set uscc).
          if (caller.role === 'agent' && caller.uscc) state.subjects.add(caller.uscc);
          const record: AccessRecordInput = {
            at: state.at,
            requestId: rc.contextValue.requestId,
            clientRequestId: rc.contextValue.clientRequestId ?? null,
            who: caller.sub,
            role: caller.role,
            purpose: caller.purpose ?? null,
            caseId: caller.caseId ?? null,
            departments: [...state.departments],
            subjects: [...state.subjects].filter((s) => USCC_LIKE.test(s)),
            fields: [...state.fields],
            outcome: outcomeOf(result.errors as any, result.data != null),
            operation: rc.contextValue.operation?.name ?? null,
            operationId: rc.contextValue.operation?.id ?? null,
            ...(caller.role === 'agent' && caller.delegationId ? { agent: caller.sub, delegationId: caller.delegationId } : {}),
          };
          await writer.write(record);
        },
      };
    },
  };

  return {
    plugin,
    didResolveQueryPlan({ queryPlan, requestContext }) {
      const state = requestContext.context ? pending.get(requestContext.context as object) : undefined;
      if (!state) return;
      for (const s of planServices(queryPlan)) state.departments.add(departmentOfSubgraph(s, o.departments));
    },
    refused({ requestId, clientRequestId, text, caller }) {
      recordRefusal(() => ({
        requestId, clientRequestId, subjects: usccsIn(text),
        ...(caller ? { who: caller.sub, role: caller.role, purpose: caller.purpose ?? null } : {}),
      }));
    },
    queued: () => writer.queued(),
    flush: () => writer.flush(),
    stop: () => writer.stop(),
  };
}
