/**
 * `npm start`. In development it runs scripts/start.ts through tsx (the TypeScript loader, a
 * development dependency). With NODE_ENV=production it runs only the built JavaScript
 * (dist/scripts/start.js, which starts every part from its workspace's dist/): a production
 * install has no loader, and no TypeScript runs in production. Without a build it says so and
 * exits 1. Plain JavaScript, so that it runs in both.
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
  await import('./start.ts');
}
