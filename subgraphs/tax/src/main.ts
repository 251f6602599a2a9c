import { runPart } from '@district/runtime';
import { start } from './index.ts';

await runPart({ name: 'tax', start: () => start(process.env), started: (s) => `tax subgraph ${s.url}` });
