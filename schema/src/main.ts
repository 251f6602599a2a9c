/** `npm run compose`: writes schema/supergraph.graphql, or prints the composition errors and fails. */
import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose.ts';
import { SUPERGRAPH_URL } from './subgraphs.ts';

const result = composeSupergraph();
if (!result.supergraphSdl) {
  console.error(`composition failed:\n  ${result.errors.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_URL, result.supergraphSdl);
console.log(`wrote ${SUPERGRAPH_URL.pathname}${result.hints.length ? ` (${result.hints.length} hints)` : ''}`);
