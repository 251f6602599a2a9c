/**
 * The load generator, in a process of its own (started by load.ts over IPC) so that it never
 * shares an event loop or a CPU account with the gateway under test.
 *
 * Per run: a warm-up (results discarded), then it tells the harness "warm" and waits for "go"
 * (the harness settles the backends, resets their counters and reads the gateway's CPU), then the
 * measured window. Every request takes the next variable set in rotation (autocannon's
 * setupRequest), so consecutive requests ask for different enterprises / buildings.
 */
import autocannon from 'autocannon';

/** One phase (warm-up or window): variable sets in rotation from a cursor, for a time or a count. */
export interface Phase {
  variables: Record<string, string>[];
  /** Authorization header for every request, or none. */
  authorization?: string;
  /** Where the rotation starts; 'after-warmup': where the warm-up's left off (same variable sets). */
  cursor: number | 'after-warmup';
  /** Exactly one of seconds / amount (amount: that many requests, then stop). */
  seconds?: number;
  amount?: number;
}

export interface LoadJob {
  url: string;
  operationName: string;
  query: string;
  connections: number;
  /** Omitted: no warm-up. */
  warmup?: Phase;
  measure: Phase;
}

export interface LoadResult {
  durationSec: number;
  sent: number;
  completed: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  /** 200 responses that still carry a top-level "errors" (a denied or failed department, say). */
  graphqlErrors: number;
  firstError?: string;
  cursor: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function fire(job: LoadJob, phase: Phase & { cursor: number }): Promise<LoadResult> {
  const bodies = phase.variables.map((variables) => JSON.stringify({ operationName: job.operationName, query: job.query, variables }));
  let cursor = phase.cursor;
  let graphqlErrors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const headers = { 'content-type': 'application/json', ...(phase.authorization ? { authorization: phase.authorization } : {}) };
  const started = performance.now();
  const instance = autocannon({
    url: job.url,
    method: 'POST',
    // autocannon refuses more connections than requests in a counted phase.
    connections: phase.amount ? Math.min(job.connections, phase.amount) : job.connections,
    ...(phase.amount ? { amount: phase.amount } : { duration: phase.seconds }),
    timeout: 60,
    headers,
    requests: [{
      setupRequest: (req: any) => {
        const i = cursor++ % bodies.length;
        return { ...req, body: bodies[i], headers };
      },
      onResponse: (status: number, body: string) => {
        if (status >= 200 && status < 300 && body.includes('"errors":')) {
          graphqlErrors++;
          firstError ??= body.slice(body.indexOf('"errors":'), body.indexOf('"errors":') + 300);
        } else if (status >= 300) firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
      },
    }],
  } as any);
  // autocannon's own histogram keeps whole milliseconds; keep the exact response times for percentiles.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const r: any = await instance;
  latencies.sort((a, b) => a - b);
  const completed = latencies.length;
  // autocannon rounds its duration to the second; a counted phase ends when its last answer does.
  const durationSec = (performance.now() - started) / 1000;
  return {
    durationSec,
    sent: r.requests.sent,
    completed,
    rps: completed / durationSec,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((a, b) => a + b, 0) / (completed || 1),
    non2xx: r.non2xx,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    graphqlErrors,
    firstError,
    // Every set-up counts, sent or not: the next phase must never re-ask what this one may have.
    cursor,
  };
}

process.on('message', async (msg: { type: 'run'; job: LoadJob } | { type: 'go' }) => {
  if (msg.type !== 'run') return;
  const { job } = msg;
  try {
    const warm = job.warmup ? await fire(job, { ...job.warmup, cursor: Number(job.warmup.cursor) || 0 }) : undefined;
    process.send!({ type: 'warm', warm });
    await new Promise<void>((resolve) => process.once('message', (m: { type: string }) => m.type === 'go' && resolve()));
    const cursor = job.measure.cursor === 'after-warmup' ? (warm?.cursor ?? 0) : job.measure.cursor;
    const result = await fire(job, { ...job.measure, cursor });
    process.send!({ type: 'done', result });
  } catch (error) {
    process.send!({ type: 'error', message: String((error as Error)?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
