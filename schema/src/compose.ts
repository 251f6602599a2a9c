import { existsSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { SUBGRAPHS, subgraphTypeDefs } from './subgraphs.ts';

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes every subgraph whose schema exists (the list grows as subgraphs land). */
export function composeSupergraph(): CompositionResult {
  const services = SUBGRAPHS.filter((s) => existsSync(s.schema)).map((s) => ({ name: s.name, url: s.url, typeDefs: subgraphTypeDefs(s.name) }));
  const result = composeServices(services);
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints: [] };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints: result.hints.map((h) => h.toString()) };
}
