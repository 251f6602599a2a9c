/**
 * `node --import tsx scripts/stage.ts <folder>`: what a production install gets, copied into an
 * empty folder after `npm run build`: the root package.json and package-lock.json, every
 * workspace's package.json (npm ci wants them all to match the lockfile), and the built folders
 * (each deployable's dist/, with the files it reads at run time). No source, no tests. Then
 * `npm ci --omit=dev` there makes it runnable: the container image does exactly this
 * (deploy/Dockerfile), and so does the production-build test, so a missing production dependency
 * fails in the test rather than in a cluster.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BUILT_FOLDERS, NOT_BUILT, repoRoot } from './processes.ts';

/** The workspace folders the root package.json lists (`dir` or `dir/*`), from the root. */
export function workspaceFolders(root: string): string[] {
  const patterns = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return patterns.flatMap((p) => (p.endsWith('/*')
    ? readdirSync(path.join(root, p.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${p.slice(0, -2)}/${d.name}`)
    : [p])).filter((dir) => existsSync(path.join(root, dir, 'package.json')));
}

/** Copies what a production install needs from the repository `root` into `into`. */
export function stage(root: string, into: string): void {
  const missing = BUILT_FOLDERS.filter((dir) => !existsSync(path.join(root, dir)));
  if (missing.length) throw new Error(`${NOT_BUILT} (missing: ${missing.join(', ')})`);
  mkdirSync(into, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', ...workspaceFolders(root).map((dir) => `${dir}/package.json`)]) {
    cpSync(path.join(root, file), path.join(into, file));
  }
  for (const dir of BUILT_FOLDERS) cpSync(path.join(root, dir), path.join(into, dir), { recursive: true });
  // npm start (scripts/start.mjs) and the install check it runs first, both plain JavaScript.
  for (const file of ['scripts/start.mjs', 'scripts/ensure-installed.mjs']) cpSync(path.join(root, file), path.join(into, file));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(repoRoot(), 'scripts/stage.ts')) {
  const into = process.argv[2];
  if (!into) {
    console.error('stage: name the folder to copy into');
    process.exit(64);
  }
  try {
    stage(repoRoot(), path.resolve(into));
  } catch (error) {
    console.error(`stage: ${(error as Error).message}`);
    process.exit(1);
  }
}
