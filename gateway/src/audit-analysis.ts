import { createRequire } from 'node:module';
import type { DefinitionNode, DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

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
const { Kind, TypeInfo, getNamedType, visit, visitWithTypeInfo } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export const AUDIT_KEY_ALIAS = '_audit_key_d7';

export interface OperationAnalysis {
  /** The schema it was worked out against: a new supergraph means a new analysis. */
  schema: GraphQLSchema;
  /** Type.field of every field the operation selects. */
  fields: readonly string[];
  /** Whether any field is of the entity type or returns it: only such operations are recorded. */
  touches: boolean;
  /** The values of arguments named like the key field: literals, variables, lists of them. */
  keyArguments: readonly ValueNode[];
  /** The operation (and its fragments) with the key selected under AUDIT_KEY_ALIAS. */
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

/** The document with the entity key selected under AUDIT_KEY_ALIAS in every selection set of the entity type. */
export function withAuditKeys(schema: GraphQLSchema, document: DocumentNode, entityType: string, keyField: string): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const keySelection: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: AUDIT_KEY_ALIAS }, name: { kind: Kind.NAME, value: keyField } };
  return visit(document, visitWithTypeInfo(typeInfo, {
    SelectionSet(node: SelectionSetNode) {
      if (typeInfo.getParentType()?.name !== entityType) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.alias?.value === AUDIT_KEY_ALIAS)) return undefined;
      return { ...node, selections: [...node.selections, keySelection] };
    },
  }));
}

function keyArgumentNodes(document: DocumentNode, keyField: string): ValueNode[] {
  const out: ValueNode[] = [];
  visit(document, {
    Argument(node) {
      if (node.name.value === keyField || node.name.value === `${keyField}s`) out.push(node.value);
    },
  });
  return out;
}

/** The key values these argument nodes carry with these variables, upper-cased. */
export function keyValues(nodes: readonly ValueNode[], variables: Record<string, unknown> = {}): string[] {
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
  for (const node of nodes) take(value(node));
  return out;
}

/** Values of arguments named like the key field (literals and variables, lists too) in a document. */
export function keyArguments(document: DocumentNode, keyField: string, variables: Record<string, unknown> = {}): string[] {
  return keyValues(keyArgumentNodes(document, keyField), variables);
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
      const { fields, touches } = selectedFields(schema, own, entityType);
      const rewrite = touches && (operation.operation === 'query' || operation.operation === 'mutation');
      analysis = { schema, fields: [...fields], touches, keyArguments: keyArgumentNodes(own, keyField), withKeys: rewrite ? withAuditKeys(schema, own, entityType, keyField) : own };
      byOperation.set(operation, analysis);
    }
    return analysis;
  };
}
