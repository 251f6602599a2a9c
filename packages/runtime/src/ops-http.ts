import type http from 'node:http';
import { metricsRegistry } from './metrics.ts';

/**
 * The operations surface every process serves (gateway, each subgraph, the bundle worker), written
 * once: GET /health/live (the process answers), GET /health/ready (200 when what it needs answers,
 * else 503, with the named checks), GET /metrics (Prometheus text, metrics.ts). A part's own
 * routes come after: a subgraph answers these before its GraphQL front (whose CSRF rule refuses
 * other GETs), so Kubernetes probes and Prometheus reach every process the same way.
 */
export const OPS_PATHS = ['/health/live', '/health/ready', '/metrics'] as const;

/** Readiness as served: `ready` and whatever the part names (checks, subgraphs, stopping). */
export interface ReadinessReport { ready: boolean }

/** A named dependency check: true when it answers within `timeoutMs`. */
export type ReadinessCheck = (timeoutMs: number) => Promise<boolean>;

/** How long one readiness check may take before it counts as down. */
export const READY_CHECK_TIMEOUT_MS = 1_000;
/** Readiness is reused this long, so frequent probes cost the dependencies little. */
export const READY_CACHE_MS = 2_000;

export interface OpsSurfaceOptions {
  readiness: () => Promise<ReadinessReport>;
}

/**
 * Readiness from named checks (redis, postgres, store, …): ready when every check answers; a
 * stopping process says so and is not ready, so its load balancer sends the next requests elsewhere.
 */
export function namedReadiness(checks: Record<string, ReadinessCheck>, stopping: () => boolean = () => false): () => Promise<ReadinessReport> {
  let cached: { at: number; value: ReadinessReport } | undefined;
  return async () => {
    if (stopping()) return { ready: false, checks: {}, stopping: true };
    if (cached && Date.now() - cached.at < READY_CACHE_MS) return cached.value;
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => {
      const up = await withTimeout(check(READY_CHECK_TIMEOUT_MS), READY_CHECK_TIMEOUT_MS).catch(() => false);
      return [name, up ? 'up' : 'down'] as const;
    }));
    const value = { ready: entries.every(([, s]) => s === 'up'), checks: Object.fromEntries(entries) };
    cached = { at: Date.now(), value };
    return value;
  };
}

function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); })]).finally(() => clearTimeout(timer));
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Answers an ops path and returns true, or returns false for anything else (the part's own routes).
 * GET and HEAD only; a POST to /metrics is not an ops request and goes on to the part.
 */
export async function serveOps(req: http.IncomingMessage, res: http.ServerResponse, o: OpsSurfaceOptions): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health/live') json(res, 200, { live: true });
  else if (path === '/health/ready') {
    const r = await o.readiness();
    json(res, r.ready ? 200 : 503, r);
  } else if (path === '/metrics') {
    const text = await metricsRegistry.metrics();
    res.writeHead(200, { 'content-type': metricsRegistry.contentType });
    res.end(text);
  } else return false;
  return true;
}

/** A process that serves only the ops surface (the bundle worker): 404 for anything else. */
export function opsOnlyHandler(o: OpsSurfaceOptions) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    serveOps(req, res, o)
      .then((served) => {
        if (!served) json(res, 404, { error: `nothing at ${req.method} ${(req.url ?? '/').split('?')[0]}; this process serves ${OPS_PATHS.join(', ')}` });
      })
      .catch(() => {
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
        else res.destroy();
      });
  };
}
