import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendTransport } from '@district/department-access';
import { createLogger, type Logger } from '@district/runtime';
import { departmentConfig, type DepartmentSettings } from './department-config.ts';
import { defineDepartmentSubgraph, serveDepartmentSubgraph, type LoaderDeps, type ServeOptions } from './department-template.ts';
import { departmentTestEnv, postSigned } from './testing.ts';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
  type Query { ping: String }
`);

function options(cache: ServeOptions<object>['cache'], overrides: Partial<ServeOptions<object>> = {}) {
  const logger = createLogger('test', 'silent');
  const warn = vi.spyOn(logger, 'warn');
  const close = vi.fn(async () => {});
  const all: ServeOptions<object> = {
    name: 'market', typeDefs, resolvers: { Query: { ping: () => 'pong' } }, logger, port: 0,
    env: { NODE_ENV: 'test' }, context: async () => ({}),
    cache, cacheNotReady: 'cache not ready; reading the department until it is', cacheReadyBudgetMs: 10, close, ...overrides,
  };
  return { all, warn, close };
}

describe('serving a department subgraph', () => {
  it('serves when the cache is not reachable in time, warning instead of failing, and closes its resources once stopped', async () => {
    const ready = vi.fn(() => Promise.reject(new Error('Redis at redis://127.0.0.1:1 not ready within 10 ms')));
    const { all, warn, close } = options({ ready, store: { kind: 'redis' } as any });
    const running = await serveDepartmentSubgraph(all);
    try {
      expect(ready).toHaveBeenCalledWith(10);
      expect(warn).toHaveBeenCalledWith({ err: expect.any(Error), store: 'redis' }, 'cache not ready; reading the department until it is');
      expect((await postSigned(running.url, '{ ping }')).data).toEqual({ ping: 'pong' });
      expect(close).not.toHaveBeenCalled();
    } finally {
      await running.stop();
    }
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('closes what the subgraph opened when it cannot listen, and fails the start', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { all, warn, close } = options(null, { port: (taken.address() as net.AddressInfo).port });
      await expect(serveDepartmentSubgraph(all)).rejects.toThrow(/EADDRINUSE/);
      expect(warn).not.toHaveBeenCalled();
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

/** A department of the template's own: one record kind, an adapter that reads `/ping` of its backend. */
const config = departmentConfig({
  department: 'MARKET',
  defaults: { timeoutMs: 3000, maxConcurrency: 2 },
  credentials: { MARKET_APP_KEY: { meaning: 'X-App-Key issued by the registry', development: 'dev-key', refusal: 'the development app key is refused in production; set the one the registry issued' } },
  cachePolicies: { answer: { ttlMs: 60_000, staleIfErrorMs: 0 } },
});

class PingAdapter {
  constructor(readonly appKey: string, private readonly transport: BackendTransport) {}
  async ping(): Promise<string> {
    return (await this.transport.request({ method: 'GET', path: '/ping', headers: { 'x-app-key': this.appKey } })).text;
  }
}

const createLoaders = ({ adapter, reads, freshness }: LoaderDeps<PingAdapter>) => ({
  ping: () => reads.batch<string>('answer', ['ping'], async () => new Map([['ping', await adapter.ping()]]), freshness).then(([answer]) => answer),
});

let dir: string;
let backend: http.Server;
let backendUrl: string;
const received: string[] = [];
const quiet = (): Logger => createLogger('test', 'silent');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'department-template-'));
  writeFileSync(join(dir, 'schema.graphql'), 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\ntype Query { ping: String, caller: String }\n');
  backend = http.createServer((req, res) => {
    received.push(String(req.headers['x-app-key']));
    res.end('pong');
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => backend.close(resolve));
});

const define = (createAdapter = (c: DepartmentSettings<'MARKET', 'MARKET_APP_KEY'>, transport: BackendTransport) => new PingAdapter(c.MARKET_APP_KEY, transport)) => defineDepartmentSubgraph({
  name: 'market',
  config,
  system: 'the test registry',
  createAdapter,
  createLoaders,
  typeDefs: pathToFileURL(join(dir, 'schema.graphql')),
  resolvers: { Query: { ping: (_: unknown, __: unknown, ctx: any) => ctx.loaders.ping(), caller: (_: unknown, __: unknown, ctx: any) => ctx.caller.sub } },
});

describe('defining a department subgraph', () => {
  it('checks every setting at once: its own, its reads\' and the signed context\'s', () => {
    const subgraph = define();
    const attempt = () => subgraph.checkConfig({ NODE_ENV: 'production', MARKET_PORT: 'forty', MARKET_TIMEOUT_MS: '0', MARKET_RETRIES: 'many' });
    expect(attempt).toThrow(/MARKET_PORT[\s\S]*MARKET_TIMEOUT_MS[\s\S]*MARKET_APP_KEY: the development app key is refused in production[\s\S]*MARKET_RETRIES[\s\S]*REDIS_URL: is required in production[\s\S]*SUBGRAPH_CONTEXT_KEY/);
    expect(attempt).not.toThrow(/dev-key/);
    expect(() => subgraph.build({ MARKET_CACHE_POLICIES: '{"credit":{"ttlMs":1,"staleIfErrorMs":0}}' })).toThrow(/unknown record kind "credit"; known: answer/);
    expect(() => subgraph.checkConfig({ NODE_ENV: 'test' })).not.toThrow();
  });

  it('starts on a free port with the adapter over its settings, a context per request, and closes the transport and cache when stopped', async () => {
    const close = vi.spyOn(BackendTransport.prototype, 'close');
    const running = await define().start(departmentTestEnv('MARKET', backendUrl, { MARKET_APP_KEY: 'issued-key' }), { port: 0 });
    try {
      expect((await postSigned(running.url, '{ ping caller }', undefined, { sub: 'someone' })).data).toEqual({ ping: 'pong', caller: 'someone' });
      // The second request is answered from the process's cache: one backend call for both.
      expect((await postSigned(running.url, '{ ping }')).data).toEqual({ ping: 'pong' });
      expect(received.filter((k) => k === 'issued-key')).toHaveLength(1);
      expect(running.adapter.appKey).toBe('issued-key');
      expect(running.cache?.store.kind).toBe(process.env.REDIS_URL ? 'redis' : 'memory');
      expect(running.reads.department).toBe('MARKET');
      expect(close).not.toHaveBeenCalled();
      await running.stop();
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      await running.stop();
      close.mockRestore();
    }
  });

  it('builds without a port: fresh loaders and freshness per request, the server for executeOperation, an idempotent close', async () => {
    const subgraph = define();
    const parts = subgraph.build({ NODE_ENV: 'test', MARKET_BACKEND_URL: backendUrl, CACHE_ENABLED: 'false' }, { logger: quiet() });
    const server = subgraph.createServer(parts.logger);
    await server.start();
    try {
      const [a, b] = await Promise.all([parts.context({ caller: { sub: 'a', role: 'system', requestId: 'r1' } }), parts.context()]);
      expect(a.loaders).not.toBe(b.loaders);
      expect(a.freshness).not.toBe(b.freshness);
      expect(a.adapter).toBe(parts.adapter);
      expect(parts.cache).toBeNull();
      const res = await server.executeOperation({ query: '{ ping caller }' }, { contextValue: a });
      expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ ping: 'pong', caller: 'a' });
    } finally {
      await server.stop();
      await parts.close();
      await parts.close();
    }
  });

  it('closes the transport it opened when the adapter cannot be created', () => {
    const close = vi.spyOn(BackendTransport.prototype, 'close');
    try {
      const subgraph = define(() => { throw new Error('sender code too long'); });
      expect(() => subgraph.build({ NODE_ENV: 'test', CACHE_ENABLED: 'false' })).toThrow('sender code too long');
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      close.mockRestore();
    }
  });
});
