import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose.ts';
import { SUPERGRAPH_URL } from './subgraphs.ts';

describe('supergraph composition', () => {
  const result = composeSupergraph();

  it('composes the subgraphs without errors', () => {
    expect(result.errors).toEqual([]);
  });

  it('matches the checked-in schema/supergraph.graphql (run `npm run compose` after changing a subgraph schema)', () => {
    expect(readFileSync(SUPERGRAPH_URL, 'utf8')).toBe(result.supergraphSdl);
  });
});
