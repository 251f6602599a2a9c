import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildManifest, operationsOf } from '@district/operations';
import { OperationRegistry } from './operation-registry.ts';
import { createSafelist } from './safelist.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'safelist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const manifest = buildManifest(operationsOf([{ source: 'query BuildingName($id: ID!) { building(id: $id) { name } }', where: 'test' }]));
const file = path.join(dir, 'manifest.json');
writeFileSync(file, JSON.stringify(manifest));
const [op] = manifest.operations;
const registry = new OperationRegistry({ manifests: [file], prefix: 't' });
const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
const none = new URLSearchParams();

describe('the safelist', () => {
  const enforced = createSafelist({ enforce: true, registry, maxTokens: 1000 });
  const open = createSafelist({ enforce: false, registry, maxTokens: 1000 });

  it('admits a registered operation by id, by body in any layout, and over GET, naming it', async () => {
    const named = { admitted: true, operation: { id: op.id, name: 'BuildingName' } };
    expect(await enforced(byId(op.id), none)).toEqual(named);
    expect(await enforced({ query: '# the name\nquery BuildingName($id: ID!) {\n  building(id: $id) { name }\n}' }, none)).toEqual(named);
    expect(await enforced(undefined, new URLSearchParams({ extensions: JSON.stringify(byId(op.id).extensions) }))).toEqual(named);
  });

  it('refuses anything else in safelist mode, and names no id that was not sent', async () => {
    const refusal = await enforced({ query: '{ building(id: "LS-B001") { name address } }' }, none);
    expect(refusal).toMatchObject({ admitted: false, status: 403, body: { errors: [{ extensions: { code: 'OPERATION_NOT_REGISTERED' } }] } });
    expect(await enforced({ query: 'not graphql {' }, none)).toMatchObject({ admitted: false, status: 403 });
    expect(await enforced({ query: `{ ${'a '.repeat(2000)}}` }, none)).toMatchObject({ admitted: false, status: 403 });
    expect(await enforced(byId('0'.repeat(64)), none)).toMatchObject({ admitted: false, body: { errors: [{ extensions: { code: 'OPERATION_NOT_REGISTERED', id: '0'.repeat(64) } }] } });
    expect(await enforced([byId(op.id), { query: '{ a }' }], none)).toMatchObject({ admitted: false });
  });

  it('outside safelist mode lets every operation through, still naming a registered one', async () => {
    expect(await open({ query: '{ building(id: "LS-B001") { address } }' }, none)).toEqual({ admitted: true, operation: undefined });
    expect(await open({ query: op.body }, none)).toEqual({ admitted: true, operation: { id: op.id, name: 'BuildingName' } });
  });
});

describe('the registry of operations', () => {
  it('refuses to start on a missing or malformed manifest, naming the setting and the file', () => {
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...manifest, operations: [{ ...op, body: '{ other }' }] }));
    expect(() => new OperationRegistry({ manifests: [path.join(dir, 'none.json'), path.join(dir, 'bad.json')], prefix: 't' })).toThrow(
      /GATEWAY_OPERATION_MANIFESTS: .*none\.json: no such file\n.*GATEWAY_OPERATION_MANIFESTS: .*bad\.json: operation BuildingName: id is not the SHA-256 of its body/,
    );
  });
});
