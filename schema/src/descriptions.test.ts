import { describe, expect, it } from 'vitest';
import { composeServices } from '@apollo/composition';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { SUBGRAPHS, subgraphTypeDefs } from './subgraphs.ts';

// @apollo/composition builds the schema with graphql's CommonJS build: check it with the same one.
const { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType } =
  createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * Every public type, field, argument, input field and enum value says what it is in Chinese and in
 * English: client tools (GraphiQL's docs, editors, generated types) show these descriptions to
 * front-end developers who read one or both. "Public" is the API schema clients see: no federation
 * internals, nothing @inaccessible.
 */
const CHINESE = /[\u3400-\u9fff]/;
const ENGLISH = /[A-Za-z]{3,}/;

export function apiSchema(): GraphQLSchema {
  const result = composeServices(SUBGRAPHS.map((s) => ({ name: s.name, url: s.url, typeDefs: subgraphTypeDefs(s.name) })));
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.schema.toAPISchema().toGraphQLJSSchema();
}

/** `Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE` whose description is missing or not bilingual. */
export function undescribed(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  const check = (where: string, description: string | null | undefined) => {
    if (!description?.trim()) out.push(`${where}: no description`);
    else if (!CHINESE.test(description) || !ENGLISH.test(description)) out.push(`${where}: not bilingual (${JSON.stringify(description.slice(0, 40))})`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (type !== schema.getQueryType() && type !== schema.getMutationType()) check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return out;
}

describe('descriptions of the public schema', () => {
  it('every type, field, argument, input field and enum value has one, in Chinese and English', () => {
    expect(undescribed(apiSchema())).toEqual([]);
  });
});

describe("the README's operations", () => {
  it('names every public query and mutation, in code', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const schema = apiSchema();
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => (t ? Object.keys(t.getFields()) : []));
    const missing = roots.filter((name) => !new RegExp(`\\b${name}\\s*[({]|\`${name}\\b`).test(readme));
    expect(missing).toEqual([]);
  });
});
