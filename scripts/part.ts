/**
 * `node dist/scripts/part.js <name>`: one process of the stack from the built JavaScript, in this
 * process: the container image's command (one image for every part; deploy/). <name> is a part's
 * id from @district/parts (`gateway`, `market`, …, `services`) or `backends` (the four department
 * stand-ins, one process); without an argument, the PART variable.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfig, reportStartFailure } from '@district/runtime';
import { NOT_BUILT, PartSettingsSchema, STACK_PROCESSES, builtEntryOf, processOf } from './processes.ts';

let name: string | undefined;
try {
  name = process.argv[2] ?? loadConfig(PartSettingsSchema, process.env).PART;
} catch (error) {
  process.exit(reportStartFailure('part', error));
}
const target = name ? processOf(name) : undefined;
if (!target) {
  console.error(`part: ${name ? `no part "${name}"` : 'name a part (argument or PART)'}; one of: ${STACK_PROCESSES.map((p) => p.name).join(', ')}`);
  process.exit(64);
}
const entry = builtEntryOf(target);
if (!existsSync(entry)) {
  console.error(`part: ${NOT_BUILT} (${entry} is missing)`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
