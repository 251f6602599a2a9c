import { GraphQLError, Kind, parse, type FieldNode, type SelectionSetNode } from 'graphql';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

/**
 * Degrade per department. When a subgraph cannot be reached or times out, its part of the plan
 * fails — but for an entity fetch we can still answer for it: every field it was asked for is
 * null, with a DEPARTMENT_UNAVAILABLE error on each (so clients see which cells are missing).
 * Fields that later fetches @require then arrive as null rather than missing, so the rest of
 * the plan (the lifecycle, for one) still runs, marking that department incomplete. A root fetch
 * cannot be answered for (what it would return is the subgraph's to say): it fails, its error
 * pointing at the root field that comes back null.
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

/**
 * What a fetch asks for: the response names of its root fields, and, for an `_entities` fetch, of
 * the fields it selects on the entities (per inline fragment). Null when the query does not parse.
 */
interface FetchShape {
  rootFields: string[];
  entityFields: string[] | null;
}

function fetchShape(query: string): FetchShape | null {
  // Plans reuse their fetch operations: during an outage every request degrades the same few.
  let shape = shapesSeen.get(query);
  if (shape === undefined) {
    shape = parseFetchShape(query);
    if (shapesSeen.size >= SHAPES_KEPT) shapesSeen.delete(shapesSeen.keys().next().value!);
    shapesSeen.set(query, shape);
  }
  return shape;
}
const SHAPES_KEPT = 256;
const shapesSeen = new Map<string, FetchShape | null>();

/** Response names of the fields a selection set selects, through inline fragments, __typename aside. */
function fieldNames(set: SelectionSetNode, names = new Set<string>()): Set<string> {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value !== '__typename') names.add(s.alias?.value ?? s.name.value);
    } else if (s.kind === Kind.INLINE_FRAGMENT) fieldNames(s.selectionSet, names);
  }
  return names;
}

function parseFetchShape(query: string): FetchShape | null {
  let doc;
  try {
    doc = parse(query);
  } catch {
    return null;
  }
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return null;
  const root = op.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
  return {
    rootFields: [...fieldNames(op.selectionSet)],
    entityFields: root?.selectionSet ? [...fieldNames(root.selectionSet)] : null,
  };
}

/**
 * Where a failed root fetch's error belongs: the path of its root field when it has one (the
 * field that comes back null), so a client can tell which part of its answer is missing. A fetch
 * of several root fields fails as one error without a path.
 */
export function rootFetchPath(request: GatewayGraphQLRequest): string[] | undefined {
  const shape = request.query ? fetchShape(request.query) : null;
  return shape && !shape.entityFields && shape.rootFields.length === 1 ? shape.rootFields : undefined;
}

/** A substitute answer for a failed entity fetch, or null when the fetch was not one (a root field). */
export function degradedEntitiesResponse(request: GatewayGraphQLRequest, info: FailureInfo): GatewayGraphQLResponse | null {
  const representations = request.variables?.representations;
  if (!request.query || !Array.isArray(representations)) return null;
  const fields = fetchShape(request.query)?.entityFields;
  if (!fields) return null;
  const entities = representations.map((r: any) => ({ __typename: r.__typename, ...Object.fromEntries(fields.map((f) => [f, null])) }));
  const errors = representations.flatMap((_: unknown, i: number) => fields.map((f) => unavailableError(info, ['_entities', i, f]).toJSON()));
  return { data: { _entities: entities }, errors };
}
