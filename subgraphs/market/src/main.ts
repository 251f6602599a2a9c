import { runPart } from '@district/runtime';
import { start } from './index.ts';

await runPart({ name: 'market', start: () => start(process.env), started: (s) => `market subgraph ${s.url}` });
