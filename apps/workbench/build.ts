/**
 * Building the workbench page: `vite build` into dist/ (flat: index.html and its hashed assets),
 * which the gateway serves at /workbench (gateway/src/workbench.ts) and `npm run build` ships
 * beside the built gateway. Three callers: `npm run build` (scripts/build.ts), `npm start` in
 * development and the page's browser test, the last two only when the build is missing or older
 * than the page's sources (`ensureWorkbenchBuilt`), so neither waits on a build it already has.
 */
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKBENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const WORKBENCH_DIST = path.join(WORKBENCH_DIR, 'dist');
/** What the built page is made from: a change to any of these makes the build stale. */
const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'src'];

function newestIn(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newestIn(path.join(p, f))));
}

const INDEX = path.join(WORKBENCH_DIST, 'index.html');
const newestSource = () => Math.max(...SOURCES.map((s) => newestIn(path.join(WORKBENCH_DIR, s))));

/** Whether dist/ holds a build of the sources as they are now. */
export function workbenchBuilt(): boolean {
  return existsSync(INDEX) && statSync(INDEX).mtimeMs >= newestSource();
}

export async function buildWorkbench(): Promise<void> {
  // Imported here: production never builds the page, and Vite is a development dependency.
  const { build } = await import('vite');
  const sources = newestSource();
  // Vite sets NODE_ENV=production in this process when it is unset; `npm start` builds the page in
  // its own process before starting the stack, which must not then start as production.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: path.join(WORKBENCH_DIR, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // The build is as new as the sources it read: a file saved while it ran makes it stale.
  // (Rounded up: a file time keeps whole milliseconds here, the sources' may have a fraction.)
  utimesSync(INDEX, new Date(), new Date(Math.ceil(sources)));
}

/** Builds the page unless an up-to-date build is there; says so when it builds. */
export async function ensureWorkbenchBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (workbenchBuilt()) return;
  const started = Date.now();
  log('building the workbench page (apps/workbench → dist/)…');
  await buildWorkbench();
  log(`workbench page built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWorkbench();
}
