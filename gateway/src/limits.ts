import { createRequire } from 'node:module';
import type {
  DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLFormattedError,
  GraphQLNamedType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode, ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { NO_COST_DIRECTIVES, type CostDirectives } from './cost-directives.ts';

// The schema and errors are checked with `instanceof` by Apollo, which loads graphql's CommonJS
// build; so do we (a bundler or test runner may hand an ES module import the other build).
const { GraphQLError, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType, Kind } =
  createRequire(import.meta.url)('graphql') as typeof import('graphql');
type GraphQLError = import('graphql').GraphQLError;

/**
 * Operation limits, checked before the gateway plans anything:
 * - depth: fields nested in fields (GATEWAY_MAX_DEPTH);
 * - aliases: aliased fields, counting a fragment each time it is spread (GATEWAY_MAX_ALIASES);
 * - tokens: lexical tokens of the document, enforced by the parser itself (GATEWAY_MAX_TOKENS);
 * - cost: every field costs its weight (`@cost` on the field, else on its type, else 1) for each
 *   time it will be resolved; a list field's selections are multiplied by its size. The size is
 *   what the subgraph declares with `@listSize` (cost-directives.ts): the slicing argument's value
 *   when given, else `assumedSize`, and with `sizedFields` it sizes those children (a connection's
 *   `edges`) instead. A list without `@listSize` is sized by its page argument
 *   (`first`/`last`/`limit`, literal or variable, else the argument's default), else
 *   GATEWAY_DEFAULT_LIST_SIZE; edges/nodes of a *Connection are the page already counted. No size
 *   counts above GATEWAY_MAX_PAGE_SIZE, as the subgraphs cap pages there (GATEWAY_MAX_COST).
 * Fragments are followed where they are spread, so they cannot hide anything. Introspection
 * fields (`__schema`, `__type`, `__typename`) count for aliases only, not for depth or cost:
 * introspection is off in production.
 * Every refusal is a GRAPHQL_VALIDATION_FAILED error (HTTP 400) with `extensions.limit` naming
 * the limit (depth, aliases, tokens, cost) and `extensions.max` its value; a cost refusal also says
 * the estimate (`extensions.cost: { estimated, limit }`), and every answer that ran carries
 * `extensions.cost` too, so a client sees what its operation costs before it hits the limit.
 */
export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_ALIASES = 30;
export const DEFAULT_MAX_TOKENS = 2_000;
export const DEFAULT_MAX_COST = 5_000;
export const DEFAULT_LIST_SIZE = 10;
/** The largest page the subgraphs serve (they cap `first` there rather than refuse it). */
export const DEFAULT_MAX_PAGE_SIZE = 200;
export const LIMIT_ERROR_CODE = 'GRAPHQL_VALIDATION_FAILED';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  defaultListSize: number;
  /** Page sizes above it count as it: the subgraphs never return more. */
  maxPageSize: number;
}

export type LimitName = 'depth' | 'aliases' | 'tokens' | 'cost';

export function limitError(limit: LimitName, max: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: LIMIT_ERROR_CODE, limit, max, http: { status: 400 } } });
}

const PAGE_ARGS = ['first', 'last', 'limit'];

class Exceeded extends Error {
  constructor(readonly error: GraphQLError) {
    super(error.message);
  }
}

/** Depth, aliases and cost of one operation; throws the first limit it exceeds. */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
  costs: CostDirectives = NO_COST_DIRECTIVES,
): { depth: number; aliases: number; cost: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue?.kind === Kind.INT) defaults.set(v.variable.name.value, Number(v.defaultValue.value));
  const vars = variables ?? {};
  let depth = 0;
  let aliases = 0;
  let cost = 0;
  // A bound on the walk itself, so fragments spread inside fragments cannot make it explode.
  let visits = 0;
  const maxVisits = Math.max(10_000, limits.maxCost * 4);

  const pageSize = (field: FieldNode, argDefault: unknown, names = PAGE_ARGS): number | undefined => {
    for (const arg of field.arguments ?? []) {
      if (!names.includes(arg.name.value)) continue;
      const n = intOf(arg.value);
      if (n !== undefined) return n;
    }
    return typeof argDefault === 'number' ? argDefault : undefined;
  };
  const cap = (n: number) => Math.min(limits.maxPageSize, Math.max(1, n));
  const intOf = (value: ValueNode): number | undefined => {
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.VARIABLE) {
      const v = vars[value.name.value] ?? defaults.get(value.name.value);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    }
    return undefined;
  };

  /** `sized`: the children a parent's `@listSize(sizedFields:)` sizes, and their size. */
  type Sized = { fields: string[]; size: number } | undefined;
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, level: number, times: number, spread: Set<string>, sized: Sized = undefined) => {
    for (const sel of set.selections) {
      if (++visits > maxVisits) throw new Exceeded(limitError('cost', limits.maxCost, `Operation is too large to analyse; the cost limit is ${limits.maxCost}`));
      if (sel.kind === Kind.FIELD) {
        if (sel.alias && ++aliases > limits.maxAliases) {
          throw new Exceeded(limitError('aliases', limits.maxAliases, `Operation uses more than ${limits.maxAliases} aliases; the limit is ${limits.maxAliases}`));
        }
        if (sel.name.value.startsWith('__')) continue;
        const d = level + 1;
        if (d > depth) depth = d;
        if (d > limits.maxDepth) {
          throw new Exceeded(limitError('depth', limits.maxDepth, `Operation is nested more than ${limits.maxDepth} levels deep (field "${sel.name.value}" at level ${d}); the limit is ${limits.maxDepth}`));
        }
        const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
        const key = `${parent?.name}.${sel.name.value}`;
        const returned = def ? getNamedType(def.type) : undefined;
        cost += times * (costs.fieldWeight.get(key) ?? (returned && costs.typeWeight.get(returned.name)) ?? 1);
        if (!sel.selectionSet) continue;
        let factor = 1;
        let childSized: Sized;
        const declared = costs.listSize.get(key);
        if (def && declared) {
          const slicing = declared.slicingArguments ?? [];
          const sliced = slicing.length ? pageSize(sel, def.args.find((a) => slicing.includes(a.name) && a.defaultValue !== undefined)?.defaultValue, slicing) : undefined;
          if (slicing.length && declared.requireOneSlicingArgument && sliced === undefined) {
            throw new Exceeded(limitError('cost', limits.maxCost, `Field "${key}" needs one of its slicing arguments (${slicing.join(', ')}) so its cost can be estimated`));
          }
          const size = cap(sliced ?? declared.assumedSize ?? limits.defaultListSize);
          if (declared.sizedFields?.length) childSized = { fields: declared.sizedFields, size };
          else factor = size;
        } else if (def && sized?.fields.includes(sel.name.value)) {
          // A list sized by its parent's @listSize(sizedFields:): its items are that many.
          factor = sized.size;
        } else if (def) {
          const pageArg = def.args.find((a) => PAGE_ARGS.includes(a.name));
          const isList = isListType(getNullableType(def.type));
          const inPage = parent!.name.endsWith('Connection');
          if (pageArg || (isList && !inPage)) factor = cap(pageSize(sel, pageArg?.defaultValue) ?? limits.defaultListSize);
        }
        walk(sel.selectionSet, returned, d, times * factor, spread, childSized);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        walk(sel.selectionSet, type ?? undefined, level, times, spread, sized);
      } else {
        const name = sel.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spread.has(name)) continue; // unknown or cyclic: validation already refused it
        spread.add(name);
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, level, times, spread, sized);
        spread.delete(name);
      }
    }
  };

  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  try {
    walk(operation.selectionSet, root ?? undefined, 0, 1, new Set());
  } catch (e) {
    if (e instanceof Exceeded) throw e.error;
    throw e;
  }
  if (cost > limits.maxCost) throw costError(Math.ceil(cost), limits.maxCost);
  return { depth, aliases, cost: Math.ceil(cost) };
}

function costError(estimated: number, max: number): GraphQLError {
  const error = limitError('cost', max, `Operation costs more than ${max} (estimated ${estimated}: each field its weight, times the size of every list above it); the limit is ${max}: ask for fewer fields or smaller pages`);
  Object.assign(error.extensions, { cost: { estimated, limit: max } });
  return error;
}

/** Checks every operation after validation, before the gateway plans it. */
export function limitsPlugin<C extends object>(limits: OperationLimits, costs: CostDirectives = NO_COST_DIRECTIVES): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let estimated: number | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          estimated = checkOperation(schema, document, operation, request.variables, limits, costs).cost;
        },
        async willSendResponse({ response }) {
          if (estimated === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated, limit: limits.maxCost } };
        },
      };
    },
  };
}

/** Parser options that stop reading a document after maxTokens tokens. */
export const parseOptionsFor = (limits: OperationLimits) => ({ maxTokens: limits.maxTokens });

// graphql-js 16 says "more that"; accept the corrected wording too.
const TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** The parser's token-limit error, said like the other limits (code, limit, max). */
export function formatLimitError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const m = TOKENS.exec(formatted.message);
  if (!m) return formatted;
  const max = Number(m[1]);
  return {
    message: `Operation has more than ${max} tokens; the limit is ${max}`,
    extensions: { ...formatted.extensions, code: LIMIT_ERROR_CODE, limit: 'tokens', max },
  };
}
