import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { sharedTypeDefs } from '@district/subgraph-kit';

/**
 * The subgraphs composed into the supergraph, with the routing URL written into it (the default
 * local ports; the gateway can override each with SUBGRAPH_<NAME>_URL).
 */
export const SUBGRAPHS = [
  { name: 'market', port: 4001 },
  { name: 'tax', port: 4002 },
  { name: 'medical-insurance', port: 4003 },
  { name: 'real-estate', port: 4004 },
  { name: 'services', port: 4005 },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

const root = new URL('../../', import.meta.url);

/** The SDL a subgraph serves: the shared types plus its own schema.graphql. */
export function subgraphTypeDefs(name: string): DocumentNode {
  const own = parse(readFileSync(new URL(`subgraphs/${name}/src/schema.graphql`, root), 'utf8'));
  return { kind: own.kind, definitions: [...sharedTypeDefs.definitions, ...own.definitions] } as DocumentNode;
}

export const SUPERGRAPH_URL = new URL('supergraph.graphql', new URL('../', import.meta.url));
