import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPatchSchema, type FaultSettings } from './settings.ts';

/**
 * The common shell of a simulated department system: routing, latency with jitter, injected
 * errors, outage, a rate limit, request counters and the /__sim control surface
 * (../../shared/CONTRACT.md). What a system says when it fails is its own: each backend supplies
 * a `NativeReplies` that renders those cases in its own wire format.
 */

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Raw body, at most MAX_BODY_BYTES. */
  body: Buffer;
  /** Path parameters from the route pattern (":uscc" → params.uscc). */
  params: Record<string, string>;
  /**
   * Counts one call under `name` in /__sim/stats `byRoute`, beside the route's own counter: for a
   * route that carries several operations (one transaction endpoint, its transaction codes).
   */
  count(name: string): void;
}

export interface SimReply {
  status: number;
  /** Strings are sent as they are; anything else as JSON. */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with ":name" segments, e.g. "/api/v1/enterprises/:uscc". */
  path: string;
  /** Counter name in /__sim/stats, e.g. "enterprise.get". */
  name: string;
  handle: (req: SimRequest) => SimReply | Promise<SimReply>;
}

/** How one system renders the failures the shell produces, in its own format. */
export interface NativeReplies {
  outage(): SimReply;
  injectedError(): SimReply;
  rateLimited(): SimReply;
  notFound(req: Pick<SimRequest, 'method' | 'path'>): SimReply;
  /** A handler threw: a generic error, never a stack trace. */
  internalError(): SimReply;
  bodyTooLarge(): SimReply;
}

export interface SimServerOptions {
  name: string;
  routes: Route[];
  replies: NativeReplies;
  settings: FaultSettings;
  /** Called on POST /__sim/state/reset: forget writes made since start. */
  resetState?: () => void;
  /** Randomness for jitter and injected errors; defaults to Math.random. */
  random?: () => number;
}

export const MAX_BODY_BYTES = 1_048_576;

export interface SimStats {
  requests: number;
  byRoute: Record<string, number>;
  rejected: { outage: number; injectedError: number; rateLimited: number; notFound: number };
}

export interface SimServer {
  server: http.Server;
  readonly settings: FaultSettings;
  stats(): SimStats;
  resetStats(): void;
  setFaults(patch: Partial<FaultSettings>): void;
  clearFaults(): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  segments: string[];
}

function match(route: CompiledRoute, method: string, parts: string[]): Record<string, string> | null {
  if (route.method !== method || route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = route.segments[i];
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
    } else if (seg !== parts[i]) return null;
  }
  return params;
}

export function createSimServer(options: SimServerOptions): SimServer {
  const defaults = { ...options.settings };
  let settings = { ...defaults };
  const random = options.random ?? Math.random;
  const routes: CompiledRoute[] = options.routes.map((r) => ({ ...r, segments: r.path.split('/').filter(Boolean) }));
  const fresh = (): SimStats => ({ requests: 0, byRoute: {}, rejected: { outage: 0, injectedError: 0, rateLimited: 0, notFound: 0 } });
  let stats = fresh();
  // Token bucket for the rate limit: one second's worth of burst, full at start so a system
  // that just came up accepts its first second of traffic like any other.
  let tokens = settings.rateLimitPerSecond;
  let refilledAt = Date.now();

  const takeToken = (): boolean => {
    if (settings.rateLimitPerSecond <= 0) return true;
    const now = Date.now();
    tokens = Math.min(settings.rateLimitPerSecond, tokens + ((now - refilledAt) / 1000) * settings.rateLimitPerSecond);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const send = (res: http.ServerResponse, reply: SimReply) => {
    const isText = typeof reply.body === 'string';
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': reply.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
      'content-length': Buffer.byteLength(payload),
      ...reply.headers,
    });
    res.end(payload);
  };

  const readBody = (req: http.IncomingMessage): Promise<Buffer | null> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) {
          resolve(null);
          req.resume();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const control = async (req: http.IncomingMessage, path: string, body: Buffer): Promise<SimReply> => {
    if (path === '/__sim/stats' && req.method === 'GET') return { status: 200, body: stats };
    if (path === '/__sim/stats/reset' && req.method === 'POST') {
      stats = fresh();
      return { status: 200, body: { ok: true } };
    }
    if (path === '/__sim/faults' && req.method === 'GET') return { status: 200, body: settings };
    if (path === '/__sim/faults' && req.method === 'DELETE') {
      settings = { ...defaults };
      return { status: 200, body: settings };
    }
    if (path === '/__sim/faults' && req.method === 'POST') {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return { status: 400, body: { error: 'body must be JSON, e.g. {"latencyMs": 200, "errorRate": 0.1, "outage": false}' } };
      }
      const parsed = FaultPatchSchema.safeParse(json);
      if (!parsed.success) return { status: 400, body: { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') } };
      if (parsed.data.rateLimitPerSecond !== undefined) tokens = parsed.data.rateLimitPerSecond;
      settings = { ...settings, ...parsed.data };
      return { status: 200, body: settings };
    }
    if (path === '/__sim/state/reset' && req.method === 'POST' && options.resetState) {
      options.resetState();
      return { status: 200, body: { ok: true } };
    }
    return { status: 404, body: { error: `no control endpoint ${req.method} ${path}` } };
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sim');
      const body = await readBody(req);
      if (url.pathname.startsWith('/__sim/')) return send(res, await control(req, url.pathname, body ?? Buffer.alloc(0)));

      stats.requests++;
      if (body === null) return send(res, options.replies.bodyTooLarge());
      const parts = url.pathname.split('/').filter(Boolean);
      let found: { route: CompiledRoute; params: Record<string, string> } | undefined;
      for (const route of routes) {
        const params = match(route, req.method ?? 'GET', parts);
        if (params) {
          found = { route, params };
          break;
        }
      }
      const count = (name: string) => void (stats.byRoute[name] = (stats.byRoute[name] ?? 0) + 1);
      if (found) count(found.route.name);

      if (settings.latencyMs > 0) {
        const spread = settings.latencyMs * settings.jitter;
        await sleep(Math.max(0, settings.latencyMs + (random() * 2 - 1) * spread));
      }
      if (settings.outage) {
        stats.rejected.outage++;
        return send(res, options.replies.outage());
      }
      if (!takeToken()) {
        stats.rejected.rateLimited++;
        return send(res, options.replies.rateLimited());
      }
      if (settings.errorRate > 0 && random() < settings.errorRate) {
        stats.rejected.injectedError++;
        return send(res, options.replies.injectedError());
      }
      if (!found) {
        stats.rejected.notFound++;
        return send(res, options.replies.notFound({ method: req.method ?? 'GET', path: url.pathname }));
      }
      const reply = await found.route.handle({
        method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, params: found.params, count,
      });
      send(res, reply);
    } catch {
      if (!res.headersSent) send(res, options.replies.internalError());
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    get settings() {
      return settings;
    },
    stats: () => structuredClone(stats),
    resetStats: () => void (stats = fresh()),
    setFaults: (patch) => {
      if (patch.rateLimitPerSecond !== undefined) tokens = patch.rateLimitPerSecond;
      settings = { ...settings, ...patch };
    },
    clearFaults: () => void (settings = { ...defaults }),
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
