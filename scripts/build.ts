/**
 * `npm run build`: every deployable compiled to JavaScript, each into its workspace's `dist/`
 * (builtPathOf, @district/parts). The deployables are read from the parts list, so a part added
 * there is built with no change here: the gateway, each subgraph, the department stand-ins'
 * process and any other process listed; plus the root scripts production runs (`npm start`, the
 * container's one-part launcher and health check, `npm run audit:verify`).
 *
 * esbuild bundles each entry with our workspaces inlined and npm packages left as imports (see
 * build-plugins.ts), with source maps beside it; files read at run time are copied next to the
 * bundle. It then checks that every package the built code imports is a production dependency
 * of the workspace importing it (build-deps.ts).
 *
 * First of all it builds the workbench page (apps/workbench, Vite): the gateway serves its files,
 * and the gateway's bundle ships them beside itself (the page's dist/ is a file the gateway reads
 * at run time, copied by runtimeFiles). The page takes some seconds, the rest about one, so it is
 * not a turbo task with a cache: hashing the inputs would cost about as much as building.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { builtPathOf } from '@district/parts';
import { runtimeFiles, workspacesInlined } from './build-plugins.ts';
import { misresolvedImports, undeclaredImports } from './build-deps.ts';
import { BUILT_ENTRIES as ENTRIES, BUILT_FOLDERS } from './processes.ts';
import { buildWorkbench } from '../apps/workbench/build.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const started = Date.now();
// What a previous build left (a renamed entry, a file no longer read) must not ship.
for (const dir of BUILT_FOLDERS) rmSync(path.join(REPO, dir), { recursive: true, force: true });

await buildWorkbench().catch((error: Error) => {
  console.error(`build: the workbench page failed (${error.message.split('\n')[0]})`);
  process.exit(1);
});

const results = await Promise.all(ENTRIES.map((entry) => {
  const outfile = path.join(REPO, builtPathOf(entry));
  return build({
    absWorkingDir: REPO,
    entryPoints: [path.join(REPO, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [workspacesInlined, runtimeFiles(REPO, path.dirname(outfile))],
  });
})).catch((error: Error) => {
  // esbuild has printed each error with its file and line.
  console.error(`build: failed (${error.message.split('\n')[0]})`);
  process.exit(1);
});

const problems = [...new Set(results.flatMap((r, i) => [
  ...undeclaredImports(REPO, r.metafile!),
  ...misresolvedImports(REPO, r.metafile!, path.join(REPO, builtPathOf(ENTRIES[i]))),
]))];
if (problems.length) {
  for (const p of problems) console.error(`build: ${p}`);
  console.error('build: each must be installed where the built code finds it, or a production install will not have it (or will load another version)');
  process.exit(1);
}
console.log(`build: the workbench page and ${ENTRIES.length} modules in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ENTRIES.map(builtPathOf).join(', ')}`);
