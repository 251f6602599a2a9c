import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../src/processes.ts';
import { readmeSettingsTable } from '../../scripts/settings.ts';
import { tableIn } from '../../scripts/readme-table.ts';

/**
 * README's "Settings" table is the config schemas' (scripts/settings.ts): when a setting changes,
 * run `npm run config:table -- --write`. And no process reads a variable no schema declares.
 */
describe("README's Settings table", () => {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

  it('is made from the config schemas (npm run config:table -- --write)', () => {
    expect(tableIn(readme, '## Settings')).toBe(readmeSettingsTable());
  });

  it('lists every variable the code reads from process.env', () => {
    const listed = new Set([...readmeSettingsTable().matchAll(/^\| `([A-Z0-9_<>]+)` \|/gm)].map((m) => m[1]));
    // Set by the gateway for @apollo/gateway (telemetry off), never read as a setting.
    const notSettings = new Set(['APOLLO_TELEMETRY_DISABLED']);
    const read = new Map<string, string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (name === 'node_modules') continue;
        if (statSync(file).isDirectory()) walk(file);
        // Tests and test kits read the machine's REDIS_URL / DATABASE_URL to run against them.
        else if (/\.(ts|mjs)$/.test(name) && !/\.test\.ts$|test-kit\.ts$|testing\.ts$/.test(name)) {
          for (const m of readFileSync(file, 'utf8').matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) {
            read.set(m[1] ?? m[2], path.relative(REPO, file));
          }
        }
      }
    };
    for (const dir of ['gateway/src', 'packages', 'subgraphs', 'backends/src', 'scripts']) walk(path.join(REPO, dir));
    // The scan finds what it should (the logger reads LOG_LEVEL raw).
    expect([...read.keys()]).toContain('LOG_LEVEL');
    const undeclared = [...read].filter(([name]) => !listed.has(name) && !notSettings.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(undeclared).toEqual([]);
  });
});
