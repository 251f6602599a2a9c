/** `npm run backends`: the four department stand-ins alone, on their ports (5001–5004 by default). */
import { startBackends, DEPARTMENT_BACKENDS } from './index.ts';

const started = Date.now();
const running = await startBackends();
for (const name of DEPARTMENT_BACKENDS) console.log(`${name.padEnd(18)} ${running.urls[name]}`);
console.log(`${running.dataset.enterprises.length} enterprises in ${running.dataset.buildings.length} buildings, ready in ${Date.now() - started} ms`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
