import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@district/domain';
import { REPO } from '../src/processes.ts';

/** README's error table names exactly the codes of the registry (packages/domain/src/errors.ts), each with an HTTP status. */
describe("README's error table", () => {
  const readme = readFileSync(`${REPO}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('\n## ', readme.indexOf('## Errors') + 1));
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => ({ code: m[1], http: m[2].trim() }));

  it('lists every registered code once, and no other', () => {
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('gives each an HTTP status', () => {
    for (const row of rows) expect(row.http, row.code).toMatch(/^\d{3}\b/);
  });
});
