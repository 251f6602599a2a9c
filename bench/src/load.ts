/** Harness side of the load generator (load-worker.ts): one child process reused for every run. */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { REPO } from './stack.ts';
import { startPart, stopPart, type Part } from './procs.ts';
import type { LoadJob, LoadResult } from './load-worker.ts';

export type { LoadJob, LoadResult };

export interface LoadGenerator {
  part: Part;
  /**
   * Runs warm-up then the measured window; `between` runs after the warm-up and before the
   * window opens (settle, reset counters, read CPU). Resolves when the window closes.
   */
  run(job: LoadJob, between: () => Promise<void>): Promise<{ warm?: LoadResult; result: LoadResult }>;
  stop(): Promise<void>;
}

function next(child: ChildProcess): Promise<any> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: any) => { cleanup(); m.type === 'error' ? reject(new Error(`load generator: ${m.message}`)) : resolve(m); };
    const onExit = (code: number | null) => { cleanup(); reject(new Error(`load generator exited (${code})`)); };
    const cleanup = () => { child.off('message', onMessage); child.off('exit', onExit); };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export function startLoadGenerator(logDir: string): LoadGenerator {
  const part = startPart('load generator', ['--import', 'tsx', 'bench/src/load-worker.ts'], {
    cwd: REPO, env: process.env, ipc: true, logFile: path.join(logDir, 'load-generator.log'),
  });
  return {
    part,
    async run(job, between) {
      const warmed = next(part.child);
      part.child.send({ type: 'run', job });
      const { warm } = await warmed;
      await between();
      const done = next(part.child);
      part.child.send({ type: 'go' });
      const { result } = await done;
      return { warm, result };
    },
    stop: () => stopPart(part),
  };
}
