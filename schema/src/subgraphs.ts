import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { sharedTypeDefs } from '@district/subgraph-kit';
import { SUBGRAPHS as LISTED, localUrl, type SubgraphName } from '@district/parts';

export type { SubgraphName };

const root = new URL('../../', import.meta.url);

/**
 * The subgraphs composed into the supergraph (the parts list's, in its order), with the routing URL
 * written into it: the default local port, never a moved one, so the checked-in supergraph is the
 * same wherever it is composed (the gateway follows PORT_BASE and SUBGRAPH_<NAME>_URL itself).
 */
export const SUBGRAPHS = LISTED.map((p) => ({ name: p.name, url: localUrl(p, p.defaultPort), schema: new URL(p.schema, root) }));

/** The SDL a subgraph serves: the shared types plus its own schema.graphql. */
export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  const subgraph = SUBGRAPHS.find((s) => s.name === name);
  if (!subgraph) throw new Error(`no subgraph "${name}" in packages/parts`);
  const own = parse(readFileSync(subgraph.schema, 'utf8'));
  return { kind: own.kind, definitions: [...sharedTypeDefs.definitions, ...own.definitions] } as DocumentNode;
}

export const SUPERGRAPH_URL = new URL('supergraph.graphql', new URL('../', import.meta.url));
