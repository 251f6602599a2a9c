import net from 'node:net';

/**
 * A round-robin in front of several instances of one part, as a Kubernetes Service is (kube-proxy
 * balances connections, not requests): each new connection goes to the next instance; an instance
 * that refuses the connection (stopped, killed, not yet restarted) is passed over for the next, as
 * an instance a Service's endpoints no longer list. Requests on a kept-alive connection stay with
 * its instance until that instance closes it (a draining instance answers `connection: close`).
 */
export interface RoundRobin {
  /** `http://127.0.0.1:<port>`: where clients connect. */
  url: string;
  /** Connections handed to each instance so far, by its index. */
  connections: number[];
  close(): Promise<void>;
}

/** `upstreams` are `host:port` or URLs; only host and port are used. */
export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  const targets = upstreams.map((u) => {
    const { hostname, port } = new URL(u.includes('://') ? u : `tcp://${u}`);
    return { host: hostname, port: Number(port) };
  });
  const connections = targets.map(() => 0);
  const sockets = new Set<net.Socket>();
  let next = 0;

  /** Connects to the next instance that accepts, trying each at most once. */
  const connect = (tried = 0): Promise<{ socket: net.Socket; index: number } | undefined> => {
    if (tried >= targets.length) return Promise.resolve(undefined);
    const index = next;
    next = (next + 1) % targets.length;
    return new Promise((resolve) => {
      const socket = net.connect(targets[index]);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve({ socket, index });
      });
      socket.once('error', () => resolve(connect(tried + 1)));
    });
  };

  const server = net.createServer(async (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    client.on('error', () => client.destroy());
    const upstream = await connect();
    if (!upstream) {
      client.destroy();
      return;
    }
    connections[upstream.index]++;
    const { socket } = upstream;
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      client.end();
    });
    socket.on('error', () => client.destroy());
    client.once('close', () => socket.end());
    client.pipe(socket);
    socket.pipe(client);
    client.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
