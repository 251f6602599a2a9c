import type http from 'node:http';
import { ConfigError, ConfigProblems } from './config.ts';
import { DEFAULT_SHUTDOWN_GRACE_MS, UNDER_STACK, readProcessSettings } from './process-settings.ts';
import { startTracing, type Tracing } from './tracing.ts';

/**
 * Stopping a process without cutting anyone off (SIGTERM from Kubernetes, Ctrl-C under
 * `npm start`): stop accepting, let what is in flight finish within a grace period, then close
 * what is left; the part then flushes what it owes (access records, bundle step leases) and the
 * process exits 0. Every process runs through `runPart`, so they all stop the same way.
 */

export { DEFAULT_SHUTDOWN_GRACE_MS };

/** SHUTDOWN_GRACE_MS, with the other process settings checked (process-settings.ts). */
export function readShutdownGrace(e: NodeJS.ProcessEnv): number {
  return readProcessSettings(e).SHUTDOWN_GRACE_MS;
}

export interface GracefulServer {
  /** True once close() was called: new requests on open connections are answered, then the connection closes. */
  readonly stopping: boolean;
  /** Stops accepting, waits for requests in flight up to `graceMs`, then cuts what is left. */
  close(graceMs: number): Promise<void>;
}

export function gracefulServer(server: http.Server): GracefulServer {
  let stopping = false;
  // A keep-alive client keeps sending on its connection: answer, and tell it to reconnect elsewhere.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (stopping && !res.headersSent) res.setHeader('connection', 'close');
  });
  return {
    get stopping() {
      return stopping;
    },
    close(graceMs) {
      stopping = true;
      return new Promise<void>((resolve) => {
        if (!server.listening) {
          server.closeAllConnections();
          resolve();
          return;
        }
        // Connections go idle as their last answer leaves: close each as it does.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

export interface RunningPart {
  /** Stops within about `graceMs`: in-flight work finished or handed back, what is owed flushed. */
  stop(graceMs: number): Promise<void>;
}

export interface RunPartOptions<R extends RunningPart> {
  /** The part's name, prefixing every line it prints about starting and stopping. */
  name: string;
  start: () => Promise<R>;
  /** The line printed once it is up. */
  started: (running: R) => string;
  env?: NodeJS.ProcessEnv;
}

export { UNDER_STACK };

/** Exit code of a process refused for its settings (sysexits' EX_CONFIG), so `npm start` can tell. */
export const EXIT_CONFIG = 78;

/** One line per problem, no stack trace: what an operator reads in a terminal or a pod's log. */
export function reportStartFailure(name: string, error: unknown): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`${name}: ${problem}\n`);
    return EXIT_CONFIG;
  }
  const e = error as NodeJS.ErrnoException & { port?: number };
  const why = e?.code === 'EADDRINUSE' ? `port ${e.port ?? '?'} is already in use (is another instance running?)` : (e?.message ?? String(error));
  process.stderr.write(`${name}: could not start: ${why}\n`);
  return 1;
}

/**
 * A process's main: starts the part, prints one line, and stops it gracefully on SIGTERM or
 * SIGINT (a second signal stops at once). A start that fails prints its problems and exits
 * EXIT_CONFIG (settings) or 1.
 */
export async function runPart<R extends RunningPart>(o: RunPartOptions<R>): Promise<void> {
  const env = o.env ?? process.env;
  const problems = new ConfigProblems();
  const graceMs = problems.read(() => readShutdownGrace(env)) ?? DEFAULT_SHUTDOWN_GRACE_MS;
  // Before the part starts, so its first requests are traced (OTEL_* settings, tracing.ts).
  const tracing: Tracing | undefined = problems.read(() => startTracing(o.name, env));
  let running: R | undefined;
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) {
      process.stderr.write(`${o.name}: ${why} again: stopping now\n`);
      process.exit(1);
    }
    stopping = true;
    // Told to stop while starting: stop once started (below).
    if (!running) return;
    console.log(`${o.name}: ${why}: finishing what is in flight (at most ${graceMs} ms), then stopping`);
    // A stop that hangs must not keep the process. The timer is deliberately not unref'd: it also
    // keeps the event loop alive while the last handles close, so the stop runs to its end.
    setTimeout(() => {
      process.stderr.write(`${o.name}: did not stop within ${graceMs + 5_000} ms; exiting\n`);
      process.exit(1);
    }, graceMs + 5_000);
    try {
      await running.stop(graceMs);
      // The last spans leave before the process does.
      await tracing?.shutdown();
      exitAfter(`${o.name}: stopped\n`, 0);
    } catch (error) {
      exitAfter(`${o.name}: stopping failed: ${(error as Error).message}\n`, 1);
    }
  };
  // Installed before starting, so a stop asked for during start-up is a graceful one too.
  process.on('SIGTERM', stop);
  if (env[UNDER_STACK] === '1') {
    // Started by `npm start`, which stops the parts in order: Ctrl-C reaches the whole process
    // group, so SIGINT is left to the starter; and if the starter dies, its pipe closes: stop too.
    process.on('SIGINT', () => undefined);
    process.stdin.once('end', () => void stop('npm start is gone'));
    process.stdin.resume();
  } else {
    process.on('SIGINT', stop);
  }
  try {
    running = await o.start();
    problems.throwIfAny();
  } catch (error) {
    if (error instanceof ConfigError) problems.add(...error.problems);
    process.exit(reportStartFailure(o.name, problems.count ? new ConfigError(problems.list()) : error));
  }
  console.log(o.started(running));
  if (stopping) {
    stopping = false;
    await stop('asked to stop while starting');
  }
}

/** Writes the last line, then exits (a pipe's writes are asynchronous: exiting at once can lose it). */
function exitAfter(line: string, code: number): void {
  const stream = code === 0 ? process.stdout : process.stderr;
  stream.write(line, () => process.exit(code));
}

