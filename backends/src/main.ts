/** `npm run backends`: the four department stand-ins alone, on their ports (5001–5004 by default). */
import { runPart } from '@district/runtime';
import { startBackends, DEPARTMENT_BACKENDS } from './index.ts';

const started = Date.now();
await runPart({
  name: 'backends',
  start: async () => {
    const running = await startBackends();
    return { ...running, stop: () => running.close() };
  },
  started: (running) => [
    ...DEPARTMENT_BACKENDS.map((name) => `${name.padEnd(18)} ${running.urls[name]}`),
    `${running.dataset.enterprises.length} enterprises in ${running.dataset.buildings.length} buildings, ready in ${Date.now() - started} ms`,
  ].join('\n'),
});
