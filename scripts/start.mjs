/**
 * `npm start`. In development it runs scripts/start.ts through tsx (the TypeScript loader, a
 * development dependency). With NODE_ENV=production it runs only the built JavaScript
 * (dist/scripts/start.js, which starts every part from its workspace's dist/): a production
 * install has no loader, and no TypeScript runs in production. Without a build it says so and
 * exits 1. Plain JavaScript, so that it runs in both.
 *
 * In development it first builds the workbench page (apps/workbench, served by the gateway at
 * /workbench) when its build is missing or older than its sources: Vite is a development tool,
 * so this lives here and not in start.ts, which `npm run build` bundles for production.
 */
import { existsSync } from 'node:fs';

if (process.env.NODE_ENV === 'production') {
  const built = new URL('../dist/scripts/start.js', import.meta.url);
  if (!existsSync(built)) {
    console.error('npm start: NODE_ENV=production runs only the built JavaScript, and it is not there: run `npm run build` first');
    process.exit(1);
  }
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { ensureWorkbenchBuilt } = await import('../apps/workbench/build.ts');
  await ensureWorkbenchBuilt((line) => console.log(`${'[start]'.padEnd(20)} ${line}`));
  await import('./start.ts');
}
