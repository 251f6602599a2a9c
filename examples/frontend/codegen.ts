import type { CodegenConfig } from '@graphql-codegen/cli';
import { clientCodegenConfig } from '@district/schema/client-codegen';

/**
 * GraphQL Code Generator, client preset, with the settings our front ends share
 * (schema/src/client-codegen.ts): typed documents with their persisted ids for the operations in
 * src/operations/ and schema/operations/, from schema/api.graphql, into src/gql/.
 * The output (src/gql/) is committed, so `npm ci && npm test` needs no network: `npm run typecheck`
 * first runs the generator with --check, which fails when an operation no longer fits the schema
 * or the committed output is stale (`npm run codegen -w @district/example-frontend` rewrites it).
 */
export const CODEGEN_CONFIG: CodegenConfig = clientCodegenConfig(new URL('.', import.meta.url));

export default CODEGEN_CONFIG;
