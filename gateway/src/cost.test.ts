import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOperation, DEFAULT_LIST_SIZE, DEFAULT_MAX_ALIASES, DEFAULT_MAX_COST, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGE_SIZE, DEFAULT_MAX_TOKENS } from './limits.ts';
import { readCostDirectives } from './cost-directives.ts';
import { BENCHMARK_DIRECTIVES, BENCHMARK_QUERY, benchmarkSdl } from './fixtures/federation-benchmark.ts';

// Apollo checks errors with the CommonJS graphql; so do the limits (limits.ts).
const { buildSchema, getOperationAST, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const LIMITS = { maxDepth: DEFAULT_MAX_DEPTH, maxAliases: DEFAULT_MAX_ALIASES, maxTokens: DEFAULT_MAX_TOKENS, maxCost: DEFAULT_MAX_COST, defaultListSize: DEFAULT_LIST_SIZE, maxPageSize: DEFAULT_MAX_PAGE_SIZE };

function estimate(sdl: string, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  return checkOperation(buildSchema(sdl), document, getOperationAST(document)!, variables, LIMITS, readCostDirectives(sdl));
}
function refusal(sdl: string, query: string): Record<string, any> {
  try {
    estimate(sdl, query);
  } catch (error) {
    return { message: (error as Error).message, ...(error as { extensions: object }).extensions };
  }
  throw new Error('not refused');
}

describe('operation cost by @cost / @listSize', () => {
  it('the federation benchmark query: refused at 102,927 with every list counted 10, let through at 783 with the lists its subgraphs declare', () => {
    expect(refusal(benchmarkSdl(), BENCHMARK_QUERY)).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', max: 5000, cost: { estimated: 102_927, limit: 5000 } });
    expect(estimate(benchmarkSdl(BENCHMARK_DIRECTIVES), BENCHMARK_QUERY).cost).toBe(783);
  });

  it('still refuses a truly huge one: a slicing argument counts as given, up to the page cap', () => {
    const huge = '{ topProducts(first: 1000) { reviews { author { reviews { product { reviews { author { reviews { product { name upc price weight } } } } } } } } } }';
    const refused = refusal(benchmarkSdl(BENCHMARK_DIRECTIVES), huge);
    expect(refused.cost.estimated).toBeGreaterThan(5000);
    expect(refused.message).toMatch(/costs more than 5000 \(estimated \d+/);
    // The same with a small page is fine: the size is the argument's value.
    expect(estimate(benchmarkSdl(BENCHMARK_DIRECTIVES), huge.replace('1000', '3')).cost).toBeLessThan(5000);
  });

  const CONNECTION = `
    directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT
    directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
    type Query {
      items(first: Int): ItemPage @listSize(assumedSize: 20, slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
      strict(first: Int): ItemPage @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
      heavy: Item @cost(weight: 50)
    }
    type ItemPage { total: Int edges: [Edge] }
    type Edge { node: Item }
    type Item @cost(weight: 3) { id: ID }
  `;

  it("sizedFields: the page sizes the edges, not the page's own fields; assumedSize when no slicing argument", () => {
    // items 1 + total 1 + edges 1 + 5 × (node 3 + id 1) = 23
    expect(estimate(CONNECTION, '{ items(first: 5) { total edges { node { id } } } }').cost).toBe(23);
    expect(estimate(CONNECTION, 'query($n: Int) { items(first: $n) { total edges { node { id } } } }', { n: 5 }).cost).toBe(23);
    expect(estimate(CONNECTION, '{ items { total edges { node { id } } } }').cost).toBe(3 + 20 * 4);
  });

  it('@cost weighs a field, or every field returning a type', () => {
    expect(estimate(CONNECTION, '{ heavy { id } }').cost).toBe(51);
  });

  it('requireOneSlicingArgument: a field that needs its slicing argument is refused without it', () => {
    expect(refusal(CONNECTION, '{ strict { total } }')).toMatchObject({ limit: 'cost', message: expect.stringMatching(/"Query.strict" needs one of its slicing arguments \(first\)/) });
  });

  it("our supergraph keeps the subgraphs' declarations", () => {
    const costs = readCostDirectives(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    expect(costs.listSize.get('Lifecycle.events')).toEqual({ assumedSize: 20, requireOneSlicingArgument: true, slicingArguments: undefined, sizedFields: undefined });
    expect(costs.listSize.get('Query.enterprises')).toMatchObject({ slicingArguments: ['first'], sizedFields: ['edges'], requireOneSlicingArgument: false });
  });
});
