import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ConfigProblems, createLogger, env as envField, gracefulServer, loadConfig, namedReadiness, opsOnlyHandler, readContextVerification, readListenHost, reportBundles, type RunningPart } from '@district/runtime';
import { readServicesConfig } from '../config.ts';
import { createDepartmentClient } from '../departments/client.ts';
import { readSubgraphUrls } from '../departments/subgraphs.ts';
import { openDb } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { bundleStats, storeAnswers } from '../store/bundle-stats.ts';
import { BundleWorker } from './worker.ts';

/**
 * The bundle worker (一件事一次办) as its own process, the way a cluster runs it: services runs
 * with BUNDLE_WORKER=false and as many of these as wanted beside it, all on one PostgreSQL (steps
 * are claimed with FOR UPDATE SKIP LOCKED, worker.ts). Its port serves the operations surface
 * only: /health/live, /health/ready (the store answers), /metrics (bundles by status, worker lag,
 * department writes). It reads services' settings (DATABASE_URL, BUNDLE_*, the subgraph URLs).
 */
export const WorkerProcessSchema = z.object({
  BUNDLE_WORKER_PORT: envField.partPort('bundle-worker').describe('Port of the bundle worker process: health and metrics only'),
});

export interface RunningWorkerProcess extends RunningPart {
  url: string;
  worker: BundleWorker;
}

/** Every setting the worker process reads, at once, nothing opened. */
export function checkWorkerConfig(env: NodeJS.ProcessEnv): void {
  const problems = new ConfigProblems();
  problems.read(() => loadConfig(WorkerProcessSchema, env));
  problems.read(() => readListenHost(env));
  problems.read(() => readServicesConfig(env));
  problems.read(() => readContextVerification(env));
  problems.throwIfAny();
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv, options: { port?: number } = {}): Promise<RunningWorkerProcess> {
  checkWorkerConfig(env);
  const own = loadConfig(WorkerProcessSchema, env);
  const host = readListenHost(env);
  const config = readServicesConfig(env);
  const logger = createLogger('bundle-worker');
  const db = await openDb({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, pgliteDir: config.PGLITE_DIR });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const departments = createDepartmentClient({ urls: readSubgraphUrls(env), contextKey: readContextVerification(env).key, factsTimeoutMs: config.BUNDLE_PRECHECK_TIMEOUT_MS });
  const worker = new BundleWorker({
    db, writes: departments, logger, intervalMs: config.BUNDLE_WORKER_INTERVAL_MS, leaseMs: config.BUNDLE_LEASE_MS, maxAttempts: config.BUNDLE_MAX_ATTEMPTS, backoffBaseMs: config.BUNDLE_BACKOFF_MS,
  });
  let front: ReturnType<typeof gracefulServer> | undefined;
  const server = http.createServer(opsOnlyHandler({ readiness: namedReadiness({ store: () => storeAnswers(db) }, () => front?.stopping ?? false) }));
  front = gracefulServer(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? own.BUNDLE_WORKER_PORT, host, () => resolve((server.address() as AddressInfo).port));
  }).catch(async (error) => {
    await db.close();
    throw error;
  });
  const unreport = reportBundles(() => bundleStats(db));
  worker.start();
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    worker,
    stop: async (graceMs) => {
      unreport();
      await Promise.all([worker.stop(graceMs), front!.close(Math.min(graceMs, 1_000))]);
      await db.close();
    },
  };
}
