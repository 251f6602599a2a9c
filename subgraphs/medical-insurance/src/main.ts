import { runPart } from '@district/runtime';
import { start } from './index.ts';

await runPart({ name: 'medical-insurance', start: () => start(process.env), started: (s) => `medical-insurance subgraph ${s.url}` });
