import type { CodegenConfig } from '@graphql-codegen/cli';
import { operationId } from '@district/operations';

/**
 * GraphQL Code Generator, client preset, set up as the example front end's (examples/frontend/codegen.ts):
 * typed documents (TypedDocumentNode) for the workbench's operations in src/operations/ and the
 * shared ones in schema/operations/, from the public API schema
 * schema/api.graphql. Each document carries its persisted id (`__meta__.hash`: the hex SHA-256 of
 * the normalized body, the id in the manifest), so the client can send the id alone.
 * The output (src/gql/) is committed, so `npm ci && npm test` needs no network: `npm run typecheck`
 * first runs the generator with --check, which fails when an operation no longer fits the schema
 * or the committed output is stale (`npm run codegen -w @district/workbench` rewrites it).
 */
export const CODEGEN_CONFIG: CodegenConfig = {
  schema: new URL('../../schema/api.graphql', import.meta.url).pathname,
  documents: [new URL('../../schema/operations/*.graphql', import.meta.url).pathname, new URL('./src/operations/*.graphql', import.meta.url).pathname],
  ignoreNoDocuments: false,
  generates: {
    [new URL('./src/gql/', import.meta.url).pathname]: {
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

export default CODEGEN_CONFIG;
