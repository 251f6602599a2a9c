import { runPart } from '@district/runtime';
import { start } from './index.ts';

await runPart({ name: 'real-estate', start: () => start(process.env), started: (s) => `real-estate subgraph ${s.url}` });
