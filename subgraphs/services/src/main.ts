import { runPart } from '@district/runtime';
import { start } from './index.ts';

await runPart({ name: 'services', start: () => start(process.env), started: (s) => `services subgraph ${s.url}` });
