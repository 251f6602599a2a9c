import net from 'node:net';
import { parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { startDepartmentSubgraph, type DepartmentSubgraphOptions } from './department-subgraph.ts';
import { createLogger } from '@district/runtime';
import { postSigned } from './testing.ts';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
  type Query { ping: String }
`);

function options(cache: DepartmentSubgraphOptions<object>['cache'], overrides: Partial<DepartmentSubgraphOptions<object>> = {}) {
  const logger = createLogger('test', 'silent');
  const warn = vi.spyOn(logger, 'warn');
  const close = vi.fn(async () => {});
  const all: DepartmentSubgraphOptions<object> = {
    name: 'market', typeDefs, resolvers: { Query: { ping: () => 'pong' } }, logger, port: 0,
    env: { NODE_ENV: 'test' }, context: async () => ({}),
    cache, cacheNotReady: 'cache not ready; reading the department until it is', cacheReadyBudgetMs: 10, close, ...overrides,
  };
  return { all, warn, close };
}

describe('starting a department subgraph', () => {
  it('serves when the cache is not reachable in time, warning instead of failing, and closes its resources once stopped', async () => {
    const ready = vi.fn(() => Promise.reject(new Error('Redis at redis://127.0.0.1:1 not ready within 10 ms')));
    const { all, warn, close } = options({ ready, store: { kind: 'redis' } as any });
    const running = await startDepartmentSubgraph(all);
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
      await expect(startDepartmentSubgraph(all)).rejects.toThrow(/EADDRINUSE/);
      expect(warn).not.toHaveBeenCalled();
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
