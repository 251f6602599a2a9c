import { GraphQLError, Kind, parse, type FieldNode, type SelectionSetNode } from 'graphql';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * Degrade per department. When a subgraph cannot be reached or times out, its part of the plan
 * fails — but for an entity fetch we can still answer for it: every field it was asked for is
 * null, with a DEPARTMENT_UNAVAILABLE error on each (so clients see which cells are missing).
 * Fields that later fetches @require then arrive as null rather than missing, so the rest of
 * the plan (the lifecycle, for one) still runs, marking that department incomplete.
 */
export type SubgraphFailure = 'TIMEOUT' | 'UNREACHABLE' | 'ERROR';

export interface FailureInfo {
  subgraph: string;
  department: string;
  reason: SubgraphFailure;
}

export function unavailableError(info: FailureInfo, path?: (string | number)[]): GraphQLError {
  return new GraphQLError(`${info.department} is unavailable (${info.reason.toLowerCase()}): the ${info.subgraph} service did not answer`, {
    path,
    extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: info.department, reason: info.reason, serviceName: info.subgraph },
  });
}

/** Response names of the fields an `_entities` fetch selects (per inline fragment), or null if it is not one. */
function entityFields(query: string): string[] | null {
  // Plans reuse their fetch operations: during an outage every request degrades the same few.
  let fields = entityFieldsSeen.get(query);
  if (fields === undefined) {
    fields = parseEntityFields(query);
    if (entityFieldsSeen.size >= ENTITY_FIELDS_KEPT) entityFieldsSeen.delete(entityFieldsSeen.keys().next().value!);
    entityFieldsSeen.set(query, fields);
  }
  return fields;
}
const ENTITY_FIELDS_KEPT = 256;
const entityFieldsSeen = new Map<string, string[] | null>();

function parseEntityFields(query: string): string[] | null {
  let doc;
  try {
    doc = parse(query);
  } catch {
    return null;
  }
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return null;
  const root = op.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (!root?.selectionSet) return null;
  const names = new Set<string>();
  const collect = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value !== '__typename') names.add(s.alias?.value ?? s.name.value);
      } else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet);
    }
  };
  collect(root.selectionSet);
  return [...names];
}

/** A substitute answer for a failed entity fetch, or null when the fetch was not one (a root field). */
export function degradedEntitiesResponse(request: GatewayGraphQLRequest, info: FailureInfo): GatewayGraphQLResponse | null {
  const representations = request.variables?.representations;
  if (!request.query || !Array.isArray(representations)) return null;
  const fields = entityFields(request.query);
  if (!fields) return null;
  const entities = representations.map((r: any) => ({ __typename: r.__typename, ...Object.fromEntries(fields.map((f) => [f, null])) }));
  const errors = representations.flatMap((_: unknown, i: number) => fields.map((f) => unavailableError(info, ['_entities', i, f]).toJSON()));
  return { data: { _entities: entities }, errors };
}
