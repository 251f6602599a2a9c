import { runPart } from '@district/runtime';
import { startWorkerProcess } from './worker/process.ts';

// The bundle worker as its own process (parts list: bundle-worker); services then runs with BUNDLE_WORKER=false.
await runPart({ name: 'bundle-worker', start: () => startWorkerProcess(process.env), started: (w) => `bundle worker ${w.url} (health and metrics only)` });
