import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portsTable } from './table.ts';

describe("the README's Ports table", () => {
  it('is the parts list (when the list changes, paste the table below into README.md "Ports")', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Ports\n'), readme.indexOf('\n## ', readme.indexOf('## Ports\n') + 1));
    const table = section.split('\n').filter((line) => line.startsWith('|')).join('\n');
    expect(table).toBe(portsTable());
  });
});
