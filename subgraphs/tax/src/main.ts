import { runPart } from '@district/common';
import { start } from './index.ts';

await runPart({ name: 'tax', start: () => start(process.env), started: (s) => `tax subgraph ${s.url}` });
