import { describe, expect, it } from 'vitest';
import { buildManifest, normalizeOperation, operationId, operationsOf, parseManifest } from './manifest.ts';

describe('registered operations', () => {
  it('takes the id over the normalized body: comments and layout do not change it', () => {
    const a = operationsOf([{ source: '# a comment\nquery A($id: ID!) { building(id: $id) { name } }', where: 'a' }])[0];
    const b = operationsOf([{ source: 'query A($id: ID!) {\n  building(id: $id) {\n    name\n  }\n}', where: 'b' }])[0];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ name: 'A', type: 'query', id: operationId(a.body) });
    expect(normalizeOperation(a.body)).toBe(a.body);
    expect(() => normalizeOperation('{ a b c d }', { maxTokens: 3 })).toThrow(/Document contains more tha[nt] 3 tokens/);
  });

  it('gives each operation of a document its own entry with the fragments it uses', () => {
    const ops = operationsOf([{ source: 'query A { ...F } query B { b } mutation C { c } fragment F on Query { f }', where: 'x' }]);
    expect(ops.map((o) => [o.name, o.type])).toEqual([['A', 'query'], ['B', 'query'], ['C', 'mutation']]);
    expect(ops[0].body).toContain('fragment F');
    expect(ops[1].body).not.toContain('fragment F');
  });

  it('finds a fragment defined in another source', () => {
    const [op] = operationsOf([{ source: 'query A { ...F }', where: 'a' }, { source: 'fragment F on Query { f }', where: 'f' }]);
    expect(op.body).toBe(normalizeOperation('query A { ...F } fragment F on Query { f }'));
  });

  it('refuses an anonymous operation and two different operations of one name', () => {
    expect(() => operationsOf([{ source: '{ a }', where: 'x.graphql' }])).toThrow('x.graphql: an operation without a name cannot be registered');
    expect(() => buildManifest([...operationsOf([{ source: 'query A { a }', where: 'x' }]), ...operationsOf([{ source: 'query A { b }', where: 'y' }])])).toThrow('two different operations are named A');
  });

  it('reads a manifest back and refuses one whose id is not its body\'s hash', () => {
    const manifest = buildManifest(operationsOf([{ source: 'query B { b } query A { a }', where: 'x' }]));
    expect(manifest.operations.map((o) => o.name)).toEqual(['A', 'B']);
    expect(parseManifest(JSON.stringify(manifest), 'm')).toEqual(manifest);
    const forged = { ...manifest, operations: [{ ...manifest.operations[0], body: 'query A { secret }' }] };
    expect(() => parseManifest(JSON.stringify(forged), 'm.json')).toThrow('m.json: operation A: id is not the SHA-256 of its body');
    expect(() => parseManifest('{"format":"other"}', 'm.json')).toThrow('not a persisted-query manifest');
  });
});
