import type { CodegenConfig } from '@graphql-codegen/cli';
import { operationId } from '@district/operations';
import { API_SCHEMA_URL } from './api-schema.ts';

/**
 * GraphQL Code Generator settings for our front ends (examples/frontend, apps/workbench), client
 * preset: typed documents (TypedDocumentNode) for the front end's operations in its
 * src/operations/ and the shared ones in schema/operations/, from the public API schema
 * schema/api.graphql, written to its src/gql/. Each document carries its persisted id
 * (`__meta__.hash`: the hex SHA-256 of the normalized body, the id in the manifest), so the client
 * can send the id alone. One copy, so the ids and types every front end generates agree.
 *
 * `frontEnd` is the front end's folder (`new URL('.', import.meta.url)` in its codegen.ts).
 */
export function clientCodegenConfig(frontEnd: URL): CodegenConfig {
  const at = (relative: string) => new URL(relative, frontEnd).pathname;
  return {
    schema: API_SCHEMA_URL.pathname,
    documents: [new URL('../operations/*.graphql', import.meta.url).pathname, at('./src/operations/*.graphql')],
    ignoreNoDocuments: false,
    generates: {
      [at('./src/gql/')]: {
        preset: 'client',
        presetConfig: {
          fragmentMasking: false,
          persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: operationId },
        },
        config: {
          // The API schema's custom scalars as they travel in JSON.
          scalars: { Date: 'string', DateTime: 'string', Money: 'string' },
          enumsAsTypes: true,
          useTypeImports: true,
          // Relative imports with their .js extension, as NodeNext module resolution (tsconfig.base.json) wants.
          emitLegacyCommonJSImports: false,
        },
      },
    },
  };
}
