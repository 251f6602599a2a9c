/**
 * `npm run compose`: writes schema/supergraph.graphql and the public API schema schema/api.graphql
 * from it, or prints the composition errors and fails.
 */
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose.ts';
import { API_SCHEMA_URL, apiSchemaOf } from './api-schema.ts';
import { SUPERGRAPH_URL } from './subgraphs.ts';

const result = composeSupergraph();
if (!result.supergraphSdl) {
  console.error(`composition failed:\n  ${result.errors.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_URL, result.supergraphSdl);
writeFileSync(API_SCHEMA_URL, apiSchemaOf(result.supergraphSdl));
console.log(`wrote ${SUPERGRAPH_URL.pathname} and ${API_SCHEMA_URL.pathname}${result.hints.length ? ` (${result.hints.length} hints)` : ''}`);
