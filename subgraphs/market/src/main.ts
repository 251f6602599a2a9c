import { runPart } from '@district/runtime';
import { departmentSubgraph as subgraph } from './index.ts';

await runPart({ name: subgraph.name, start: () => subgraph.start(process.env), started: (s) => `${subgraph.name} subgraph ${s.url}` });
