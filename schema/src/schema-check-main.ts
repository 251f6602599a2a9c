/**
 * `npm run schema:check [-- --against FILE] [--schema FILE] [--manifest FILE] [--allow-breaking]`:
 * composes the subgraphs (or reads --schema, an API schema file) and checks its public API schema
 * against the one on main (`git show main:schema/api.graphql`, or --against FILE): exit 0 when
 * nothing breaks or every breaking change is acknowledged (schema/breaking-changes.json), 1 when
 * not, 2 on bad arguments or a schema that cannot be read.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseManifest } from '@district/operations';
import { composeSupergraph } from './compose.ts';
import { apiSchemaOf } from './api-schema.ts';
import { MANIFEST_URL } from './operations-manifest.ts';
import { checkSchema, reportOf } from './schema-check.ts';

const ACK_URL = new URL('../breaking-changes.json', import.meta.url);
const AckSchema = z.object({ acknowledged: z.array(z.string()).describe('ids of breaking changes (TYPE:path) released on purpose') });

function fail(message: string): never {
  console.error(`schema:check: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { against: { type: 'string' }, schema: { type: 'string' }, manifest: { type: 'string' }, 'allow-breaking': { type: 'boolean', default: false } } }).values;
} catch (error) {
  fail(`${(error as Error).message}; usage: npm run schema:check -- [--against FILE] [--schema FILE] [--manifest FILE] [--allow-breaking]`);
}

// Files are named from where the command was typed (npm runs it in the schema workspace, INIT_CWD is where it was typed).
const read = (file: string) => {
  try {
    return readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
  } catch {
    return fail(`cannot read ${file}`);
  }
};

let before: string;
let against: string;
if (args.against) {
  before = read(args.against);
  against = args.against;
} else {
  against = 'main:schema/api.graphql';
  try {
    before = execFileSync('git', ['show', against], { cwd: new URL('../', import.meta.url), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    fail(`no ${against} to compare with (no branch main here, or it has no API schema yet): pass --against FILE`);
  }
}

let after: string;
if (args.schema) after = read(args.schema);
else {
  const composed = composeSupergraph();
  if (!composed.supergraphSdl) fail(`composition failed:\n  ${composed.errors.join('\n  ')}`);
  after = apiSchemaOf(composed.supergraphSdl);
}

const manifestFile = args.manifest ?? MANIFEST_URL.pathname;
let acknowledged: string[] = [];
if (existsSync(ACK_URL)) {
  const parsed = AckSchema.safeParse(JSON.parse(read(ACK_URL.pathname)));
  if (!parsed.success) fail(`${ACK_URL.pathname}: must be {"acknowledged": ["TYPE:path", …]}`);
  acknowledged = parsed.data.acknowledged;
}

try {
  const check = await checkSchema({ before, after, manifest: parseManifest(read(manifestFile), manifestFile), acknowledged, allowBreaking: args['allow-breaking'] });
  console.log(reportOf(check, against));
  process.exitCode = check.ok ? 0 : 1;
} catch (error) {
  fail((error as Error).message);
}
