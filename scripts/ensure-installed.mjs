/**
 * Runs before `npm start` and `npm test` (prestart, pretest): installs the dependencies from the
 * lockfile when they are not installed yet, or no longer match it, so that on a fresh clone
 * `npm start` or `npm test` alone is enough. Plain Node with no dependencies, since nothing may be
 * installed when it runs.
 *
 * It runs `npm ci --no-audit --no-fund` when node_modules/.package-lock.json (npm's record of what
 * it installed) is missing, when package-lock.json is newer than that record (a pull or checkout
 * changed it since), or when a tool the scripts need (tsx, turbo, vitest) is missing. Otherwise it
 * prints nothing and only reads a few file dates. After `npm ci` (CI runs it before `npm test`)
 * the record is newer than the lockfile, so nothing is installed twice.
 *
 * With NODE_ENV=production (a production install, `npm ci --omit=dev`, as in the container image)
 * the development tools are not expected, and what it would install is the production
 * dependencies only (`npm ci --omit=dev`).
 *
 * Usage: node scripts/ensure-installed.mjs [project folder, default the repository root]
 * Exit code: 0 when installed, npm's own code when `npm ci` failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.env.NODE_ENV === 'production';
/** The tools the root scripts run from node_modules/.bin (development dependencies: none in production). */
const TOOLS = production ? [] : ['tsx', 'turbo', 'vitest'];
const CI_ARGS = production ? ['ci', '--omit=dev', '--no-audit', '--no-fund'] : ['ci', '--no-audit', '--no-fund'];

const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));

/** Why the installed dependencies cannot be used as they are, or null when they can. */
function reasonToInstall() {
  const lockfile = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'nothing is installed yet';
  if (existsSync(lockfile) && statSync(lockfile).mtimeMs > statSync(installed).mtimeMs) return 'package-lock.json changed since the last install';
  const bin = path.join(root, 'node_modules', '.bin');
  const missing = TOOLS.find((tool) => !existsSync(path.join(bin, tool)) && !existsSync(path.join(bin, `${tool}.cmd`)));
  if (missing) return `node_modules/.bin/${missing} is missing`;
  return null;
}

const reason = reasonToInstall();
if (reason) {
  console.error(`ensure-installed: ${reason}; installing from package-lock.json (npm ${CI_ARGS.join(' ')})`);
  const npm = spawnSync('npm', CI_ARGS, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (npm.error) {
    console.error(`ensure-installed: could not run npm: ${npm.error.message}`);
    process.exit(1);
  }
  if (npm.status !== 0) {
    console.error(`ensure-installed: npm ci failed (exit code ${npm.status ?? npm.signal}); run it yourself to see why: npm ci`);
    process.exit(npm.status || 1);
  }
}
