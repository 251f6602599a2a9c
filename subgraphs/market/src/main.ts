import { runPart } from '@district/common';
import { start } from './index.ts';

await runPart({ name: 'market', start: () => start(process.env), started: (s) => `market subgraph ${s.url}` });
