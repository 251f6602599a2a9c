import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose.ts';
import { API_SCHEMA_URL, apiSchemaOf } from './api-schema.ts';
import { SUPERGRAPH_URL } from './subgraphs.ts';

describe('supergraph composition', () => {
  const result = composeSupergraph();

  it('composes the subgraphs without errors', () => {
    expect(result.errors).toEqual([]);
  });

  it('matches the checked-in schema/supergraph.graphql (run `npm run compose` after changing a subgraph schema)', () => {
    expect(readFileSync(SUPERGRAPH_URL, 'utf8')).toBe(result.supergraphSdl);
  });

  it('matches the checked-in public API schema schema/api.graphql (run `npm run compose`)', () => {
    const api = readFileSync(API_SCHEMA_URL, 'utf8');
    expect(api).toBe(apiSchemaOf(result.supergraphSdl!));
    // What a client tool reads holds no federation internals.
    expect(api).not.toMatch(/join__|link__|_entities|_Service|@inaccessible/);
  });
});
