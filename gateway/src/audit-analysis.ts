import { createRequire } from 'node:module';
import type { DefinitionNode, DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLInputType, GraphQLNamedType, GraphQLSchema, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

/**
 * What the access record needs from an operation's text (audit.ts), worked out once per parsed
 * document and operation and then reused: Apollo Server keeps parsed documents in its document
 * store, so a query asked again arrives as the same DocumentNode and costs a map lookup instead
 * of three walks over its AST.
 *
 * Only the operation that runs counts — with the fragments it reaches — not every operation a
 * multi-operation document carries: a record must not name fields or enterprises the request did
 * not ask for.
 */
// Apollo builds the schema with graphql's CommonJS copy and TypeInfo checks it with instanceof:
// use that same copy (as limits.ts does), not the ESM one a bundler-style resolver may pick.
const { Kind, TypeInfo, getNamedType, isInputObjectType, isInterfaceType, isLeafType, isObjectType, isRequiredArgument, visit, visitWithTypeInfo } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const AUDIT_KEY_ALIAS = '_audit_key_d7';

export interface OperationAnalysis {
  /** The schema it was worked out against: a new supergraph means a new analysis. */
  schema: GraphQLSchema;
  /** Type.field of every field the operation selects. */
  fields: readonly string[];
  /**
   * Whether the operation is recorded: it is a mutation (in this graph every mutation acts on an
   * enterprise or on a case about one), or a field of it is of the entity type or returns it.
   */
  touches: boolean;
  /** Where the operation's arguments carry the key. */
  keyArguments: KeyArguments;
  /**
   * The operation (and its fragments) with the key selected under AUDIT_KEY_ALIAS wherever the
   * entity is selected and, in a mutation, wherever the answer has a field named like the key.
   */
  withKeys: DocumentNode;
}

/** The operation and the fragments it reaches, as a document of their own. */
function operationDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const reached = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) => visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      const fragment = fragments.get(name);
      if (!fragment || reached.has(name)) return;
      reached.set(name, fragment);
      walk(fragment);
    },
  });
  walk(operation);
  if (reached.size + 1 === document.definitions.length) return document;
  return { kind: Kind.DOCUMENT, definitions: [operation, ...reached.values()] };
}

/** Type.field of every field a document selects, and whether any touches the entity type. */
export function selectedFields(schema: GraphQLSchema, document: DocumentNode, entityType: string): { fields: Set<string>; touches: boolean } {
  const fields = new Set<string>();
  let touches = false;
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent || node.name.value.startsWith('__') || node.alias?.value === AUDIT_KEY_ALIAS) return;
      fields.add(`${parent.name}.${node.name.value}`);
      const type = typeInfo.getType();
      if (parent.name === entityType || (type && getNamedType(type).name === entityType)) touches = true;
    },
  }));
  return { fields, touches };
}

/** The key field of a type, when it has one that can be selected as it is (a leaf without required arguments). */
function hasKeyField(type: GraphQLNamedType | null | undefined, keyField: string): boolean {
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return false;
  const field = type.getFields()[keyField];
  return !!field && isLeafType(getNamedType(field.type)) && !field.args.some(isRequiredArgument);
}

/**
 * The document with the entity key selected under AUDIT_KEY_ALIAS in every selection set of the
 * entity type and, with `anyKeyed` (mutations), of every type with a field named like the key (a
 * case's `uscc`, its results' `uscc`): what a mutation acted on is recorded whether or not the
 * caller asked for the key.
 */
export function withAuditKeys(schema: GraphQLSchema, document: DocumentNode, entityType: string, keyField: string, anyKeyed = false): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const keySelection: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: AUDIT_KEY_ALIAS }, name: { kind: Kind.NAME, value: keyField } };
  return visit(document, visitWithTypeInfo(typeInfo, {
    SelectionSet(node: SelectionSetNode) {
      const parent = typeInfo.getParentType();
      if (parent?.name !== entityType && !(anyKeyed && hasKeyField(parent, keyField))) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.alias?.value === AUDIT_KEY_ALIAS)) return undefined;
      return { ...node, selections: [...node.selections, keySelection] };
    },
  }));
}

/**
 * Where an operation's arguments carry the key: worked out once per document, read per request
 * with its variables (keyValues).
 */
export interface KeyArguments {
  /** Values that are the key: arguments and input object fields named like it (or its plural), literals or variables, lists of them. */
  values: readonly ValueNode[];
  /** Variables of an input object type that holds a key field somewhere inside: their values are searched for it. */
  carriers: readonly string[];
}

const isKeyName = (name: string, keyField: string) => name === keyField || name === `${keyField}s`;

/** Whether an input type holds a field named like the key, at any depth. */
function carriesKey(type: GraphQLInputType | null | undefined, keyField: string, seen = new Set<string>()): boolean {
  const named = type ? getNamedType(type) : null;
  if (!named || !isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((f) => isKeyName(f.name, keyField) || carriesKey(f.type, keyField, seen));
}

function keyArgumentNodes(schema: GraphQLSchema, document: DocumentNode, keyField: string): KeyArguments {
  const values: ValueNode[] = [];
  const carriers = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    // A directive's arguments (@skip, @include) say nothing about enterprises.
    Directive: () => false,
    Argument(node) {
      if (!isKeyName(node.name.value, keyField)) return undefined;
      values.push(node.value);
      return false;
    },
    ObjectField(node) {
      if (!isKeyName(node.name.value, keyField)) return undefined;
      values.push(node.value);
      return false;
    },
    Variable(node) {
      if (carriesKey(typeInfo.getInputType(), keyField)) carriers.add(node.name.value);
    },
  }));
  return { values, carriers: [...carriers] };
}

/** The key values found at any depth of a variable's value (a bounded walk). */
function keysInside(value: unknown, keyField: string, take: (v: unknown) => void, depth = 0): void {
  if (depth > 32 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) keysInside(item, keyField, take, depth + 1);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    if (isKeyName(name, keyField)) take(v);
    else keysInside(v, keyField, take, depth + 1);
  }
}

/** The key values the arguments carry with these variables, upper-cased. */
export function keyValues(keys: KeyArguments, variables: Record<string, unknown> = {}, keyField = 'uscc'): string[] {
  const out: string[] = [];
  const take = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(take);
    else if (typeof v === 'string') out.push(v.trim().toUpperCase());
  };
  const value = (node: ValueNode): unknown => {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value];
    if (node.kind === Kind.STRING) return node.value;
    if (node.kind === Kind.LIST) return node.values.map(value);
    return undefined;
  };
  for (const node of keys.values) take(value(node));
  for (const name of keys.carriers) keysInside(variables[name], keyField, take);
  return out;
}

/** Values of the key (arguments and input fields named like it, literals and variables, lists too) in a document. */
export function keyArguments(schema: GraphQLSchema, document: DocumentNode, keyField: string, variables: Record<string, unknown> = {}): string[] {
  return keyValues(keyArgumentNodes(schema, document, keyField), variables, keyField);
}

/** Operation analyses per parsed document, by operation; gone with the document. */
export function createOperationAnalyzer(entityType: string, keyField: string) {
  const byDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, OperationAnalysis>>();
  return (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationAnalysis => {
    let byOperation = byDocument.get(document);
    if (!byOperation) byDocument.set(document, (byOperation = new Map()));
    let analysis = byOperation.get(operation);
    if (!analysis || analysis.schema !== schema) {
      const own = operationDocument(document, operation);
      const selected = selectedFields(schema, own, entityType);
      const mutation = operation.operation === 'mutation';
      const touches = selected.touches || mutation;
      const rewrite = touches && (operation.operation === 'query' || mutation);
      analysis = {
        schema, fields: [...selected.fields], touches, keyArguments: keyArgumentNodes(schema, own, keyField),
        withKeys: rewrite ? withAuditKeys(schema, own, entityType, keyField, mutation) : own,
      };
      byOperation.set(operation, analysis);
    }
    return analysis;
  };
}
