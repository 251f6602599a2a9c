import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '@district/operations';
import { API_SCHEMA_URL } from './api-schema.ts';
import { MANIFEST_URL } from './operations-manifest.ts';
import { checkSchema } from './schema-check.ts';

/**
 * The schema check on temporary copies of the API schema: a deliberately breaking change (a field
 * the registered dashboard and lifecycle operations read is removed) and a safe one (a field added).
 */
const current = readFileSync(API_SCHEMA_URL, 'utf8');
const manifest = parseManifest(readFileSync(MANIFEST_URL, 'utf8'), 'manifest');
const FIELD = /^ {2}(""".*"""\n {2})?creditGrade: CreditRating\n/m;
const withoutCreditGrade = current.replace(/(\n {2}"""[^"]*"""\n|\n)( {2}creditGrade: CreditRating\n)/, '\n');
const withNickname = current.replace(/^type Building \{\n/m, 'type Building {\n  """别名 — what the building is called locally."""\n  nickname: String\n\n');

const dir = mkdtempSync(path.join(tmpdir(), 'schema-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const run = (...args: string[]) =>
  promisify(execFile)('node', ['--import', 'tsx', 'src/schema-check-main.ts', ...args], { cwd: new URL('../', import.meta.url).pathname })
    .then((r) => ({ code: 0, stdout: r.stdout }), (e) => ({ code: e.code as number, stdout: e.stdout as string }));

describe('the schema check', () => {
  it('the copies differ from the API schema exactly as meant', () => {
    expect(FIELD.test(current)).toBe(true);
    expect(withoutCreditGrade).not.toMatch(/creditGrade: CreditRating/);
    expect(withNickname).toContain('nickname: String');
  });

  it('fails on a breaking change and names the registered operations it would break', async () => {
    const check = await checkSchema({ before: current, after: withoutCreditGrade, manifest });
    expect(check.breaking.map((c) => c.id)).toEqual(['FIELD_REMOVED:TaxProfile.creditGrade']);
    expect(check.brokenOperations.map((o) => o.name)).toEqual(['BuildingDashboard', 'Lifecycle']);
    expect(check.brokenOperations[0].errors[0]).toMatch(/Cannot query field "creditGrade" on type "TaxProfile"/);
    expect(check.ok).toBe(false);
    // Acknowledged, the change itself passes; the operations it breaks still fail the check until they change.
    const acknowledged = await checkSchema({ before: current, after: withoutCreditGrade, manifest, acknowledged: ['FIELD_REMOVED:TaxProfile.creditGrade'] });
    expect(acknowledged.unacknowledged).toEqual([]);
    expect(acknowledged.ok).toBe(false);
    expect((await checkSchema({ before: current, after: withoutCreditGrade, manifest: { ...manifest, operations: [] }, acknowledged: ['FIELD_REMOVED:TaxProfile.creditGrade'] })).ok).toBe(true);
    expect((await checkSchema({ before: current, after: withoutCreditGrade, manifest, allowBreaking: true })).ok).toBe(true);
  });

  it('passes a safe change, listing it', async () => {
    const check = await checkSchema({ before: current, after: withNickname, manifest });
    expect(check).toMatchObject({ breaking: [], dangerous: [], brokenOperations: [], ok: true });
    expect(check.safe.map((c) => c.id)).toEqual(['FIELD_ADDED:Building.nickname', 'FIELD_DESCRIPTION_ADDED:Building.nickname']);
  });

  it('`npm run schema:check` exits 1 on the breaking change and 0 on the safe one', async () => {
    const before = file('before.graphql', current);
    const breaking = await run('--against', before, '--schema', file('breaking.graphql', withoutCreditGrade));
    expect(breaking.code).toBe(1);
    expect(breaking.stdout).toMatch(/breaking \(1\):\n {2}✗ FIELD_REMOVED:TaxProfile\.creditGrade/);
    expect(breaking.stdout).toMatch(/registered operations that would break \(2\):\n {2}✗ BuildingDashboard .*\n {2}✗ Lifecycle /);
    const safe = await run('--against', before, '--schema', file('safe.graphql', withNickname));
    expect(safe.code).toBe(0);
    expect(safe.stdout).toMatch(/safe \(2\):\n {2}· FIELD_ADDED:Building\.nickname/);
    expect(safe.stdout).toMatch(/\nok$/m);
    expect((await run('--nonsense')).code).toBe(2);
  });
});
