import { createHash } from 'node:crypto';
import { Kind, parse, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { z } from 'zod';

/**
 * Registered operations (登记的操作) in Apollo's persisted-query manifest format, the file a client
 * build hands over and the gateway's safelist reads:
 *   { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name, type, body }] }
 *
 * One normalization everywhere: `body` is the operation with the fragments it uses, printed by
 * @graphql-tools/documents' printExecutableGraphQLDocument (comments and layout gone, fragments
 * first, fields and arguments in a stable order) — what GraphQL Code Generator's client preset
 * hashes — and `id` is the lower-case hex SHA-256 of that body, so it is also the hash Apollo's
 * `extensions.persistedQuery.sha256Hash` carries for it.
 */
export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

export const OPERATION_ID = /^[0-9a-f]{64}$/;

export const ManifestOperationSchema = z.object({
  id: z.string().regex(OPERATION_ID).describe('lower-case hex SHA-256 of body'),
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).describe('the operation name, unique within a manifest'),
  type: z.enum(['query', 'mutation', 'subscription']),
  body: z.string().min(1).describe('the normalized operation with the fragments it uses'),
});
export type ManifestOperation = z.infer<typeof ManifestOperationSchema>;

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  operations: z.array(ManifestOperationSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * The normalized body of a document (text or parsed); throws a GraphQLError on text that is not
 * GraphQL, or that has more than `maxTokens` tokens (a server normalizing what anyone sends bounds it).
 */
export function normalizeOperation(document: string | DocumentNode, options: { maxTokens?: number } = {}): string {
  return printExecutableGraphQLDocument(typeof document === 'string' ? parse(document, { noLocation: true, maxTokens: options.maxTokens }) : document);
}

function fragmentsUsedBy(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) => visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is used but defined nowhere`);
      if (!used.has(name)) {
        used.set(name, fragment);
        walk(fragment);
      }
    },
  });
  walk(root);
  return [...used.values()];
}

/** A GraphQL source and where it comes from (a file name, for errors). */
export interface OperationSource {
  source: string;
  where: string;
}

/**
 * One manifest entry per named operation of the sources, each with the fragments it uses (a
 * fragment may be defined in another of the sources, as code generators allow). An anonymous
 * operation cannot be registered: it has no name to log.
 */
export function operationsOf(sources: OperationSource[]): ManifestOperation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: Array<{ operation: OperationDefinitionNode; where: string }> = [];
  for (const { source, where } of sources) {
    for (const d of parse(source, { noLocation: true }).definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(d.name.value)) throw new Error(`${where}: fragment ${d.name.value} is defined twice`);
        fragments.set(d.name.value, d);
      } else if (d.kind === Kind.OPERATION_DEFINITION) operations.push({ operation: d, where });
    }
  }
  return operations.map(({ operation, where }) => {
    if (!operation.name) throw new Error(`${where}: an operation without a name cannot be registered`);
    const body = normalizeOperation({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments)] });
    return { id: operationId(body), name: operation.name.value, type: operation.operation, body };
  });
}

/** A manifest of the operations, ordered by name; two different operations of one name are refused. */
export function buildManifest(operations: ManifestOperation[]): Manifest {
  const byName = new Map<string, ManifestOperation>();
  for (const op of operations) {
    const seen = byName.get(op.name);
    if (seen && seen.id !== op.id) throw new Error(`two different operations are named ${op.name}: give one another name`);
    byName.set(op.name, op);
  }
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format: MANIFEST_FORMAT, version: 1, operations: sorted };
}

/** A manifest file's text, checked; throws naming what is wrong (and any id that is not its body's hash). */
export function parseManifest(text: string, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}: not JSON`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${where}: not a persisted-query manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  for (const op of parsed.data.operations) {
    if (operationId(op.body) !== op.id) throw new Error(`${where}: operation ${op.name}: id is not the SHA-256 of its body`);
  }
  return parsed.data;
}

/**
 * The Redis hash every gateway instance reads registered operations from (id → the entry as
 * JSON), under the deployment's key prefix (CACHE_PREFIX). `npm run operations:publish` writes it.
 */
export function registryKey(prefix: string): string {
  return `${prefix}:operations:registered`;
}
