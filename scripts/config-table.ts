/**
 * `npm run config:table`: prints the README's "Settings" table, made from the config schemas
 * (scripts/settings.ts); `npm run config:table -- --write` puts it into README.md in place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readmeSettingsTable } from './settings.ts';
import { replaceTableIn } from './readme-table.ts';

const table = readmeSettingsTable();
if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  writeFileSync(path, replaceTableIn(readFileSync(path, 'utf8'), '## Settings', table));
  process.stdout.write('README.md: settings table written\n');
} else process.stdout.write(`${table}\n`);
