import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubgraphTransport, TransportError, type SubgraphTransport } from './transport.ts';

/**
 * A subgraph instance as the wire sees it while it stops: the first `drop` connections are closed
 * as soon as a request arrives on them (an instance closing its idle connections), or after the
 * first bytes of an answer (`midAnswer`); the next are answered 200.
 */
async function instance(o: { drop: number; midAnswer?: boolean }) {
  let connections = 0;
  let requests = 0;
  const server = net.createServer((socket) => {
    const n = ++connections;
    socket.once('data', () => {
      requests++;
      if (n <= o.drop) {
        if (o.midAnswer) socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"da');
        else socket.destroy();
        return;
      }
      const body = '{"data":{"ok":true}}';
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let transport: SubgraphTransport | undefined;
let server: Awaited<ReturnType<typeof instance>> | undefined;
afterEach(async () => {
  await transport?.close();
  await server?.close();
});

describe('a call on a connection the subgraph closes unanswered', () => {
  it('is sent again once when it is a read, and answered', async () => {
    server = await instance({ drop: 1 });
    transport = createSubgraphTransport({ url: server.url, connections: 1, timeoutMs: 5_000 });
    const answer = await transport.post('{"query":"{ ok }"}', { 'content-type': 'application/json' }, 5_000, true);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ data: { ok: true } });
    expect(server.requests()).toBe(2);
  });

  it('is not sent again when it is a write: the caller hears UNREACHABLE', async () => {
    server = await instance({ drop: 1 });
    transport = createSubgraphTransport({ url: server.url, connections: 1, timeoutMs: 5_000 });
    const failed = await transport.post('{"query":"mutation { ok }"}', { 'content-type': 'application/json' }, 5_000, false).catch((e) => e);
    expect(failed).toBeInstanceOf(TransportError);
    expect(failed).toMatchObject({ reason: 'UNREACHABLE', unanswered: true });
    expect(server.requests()).toBe(1);
  });

  it('is not sent again once an answer had begun, nor more than once', async () => {
    server = await instance({ drop: 1, midAnswer: true });
    transport = createSubgraphTransport({ url: server.url, connections: 1, timeoutMs: 5_000 });
    const cut = await transport.post('{"query":"{ ok }"}', { 'content-type': 'application/json' }, 5_000, true).catch((e) => e);
    expect(cut).toMatchObject({ reason: 'UNREACHABLE', unanswered: false });
    expect(server.requests()).toBe(1);
    await transport.close();
    await server.close();

    server = await instance({ drop: 2 });
    transport = createSubgraphTransport({ url: server.url, connections: 1, timeoutMs: 5_000 });
    const twice = await transport.post('{"query":"{ ok }"}', { 'content-type': 'application/json' }, 5_000, true).catch((e) => e);
    expect(twice).toMatchObject({ reason: 'UNREACHABLE', unanswered: true });
    expect(server.requests()).toBe(2);
  });
});
