import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema } from 'graphql';

/**
 * The public API schema (对外接口模式): what a client of the gateway sees — the supergraph without
 * its join/link directives, @inaccessible fields and federation internals — printed with types
 * and fields in lexicographic order, so client tools (code generators, editors, schema checks)
 * read one stable file and a reorder in a subgraph is no diff.
 */
export function apiSchemaOf(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(api))}\n`;
}

export const API_SCHEMA_URL = new URL('../api.graphql', import.meta.url);
