import { readFileSync } from 'node:fs';
import net from 'node:net';
import { PARTS, PORT_BASE_MAX, portOf } from '@district/parts';

/**
 * A PORT_BASE whose ports (base … base+5, base+1001 … base+1004 and any other part's:
 * @district/parts) nobody listens on now, all below the kernel's ephemeral range: a port in that
 * range can be handed to any other process's outgoing connection or port-0 listener between this
 * check and the stack's start (two clones' `npm test` at once lost a port that way).
 */
export async function freeBase(): Promise<number> {
  // The widest part's offset above the base is what PORT_BASE_MAX leaves below 65,535.
  const highest = ephemeralStart() - 1 - (65_535 - PORT_BASE_MAX);
  for (let tries = 0; tries < 50; tries++) {
    const base = 10_000 + Math.floor(Math.random() * (highest - 10_000));
    if ((await Promise.all(PARTS.map((p) => free(portOf(p, { PORT_BASE: String(base) }))))).every(Boolean)) return base;
  }
  throw new Error('no free PORT_BASE found');
}

/**
 * `count` distinct ports nobody listens on now, below the kernel's ephemeral range (as above), for
 * parts that must restart on the port they had.
 */
export async function freePorts(count: number): Promise<number[]> {
  const chosen = new Set<number>();
  const highest = ephemeralStart() - 1;
  for (let tries = 0; chosen.size < count && tries < count * 50; tries++) {
    const port = 10_000 + Math.floor(Math.random() * (highest - 10_000));
    if (!chosen.has(port) && await free(port)) chosen.add(port);
  }
  if (chosen.size < count) throw new Error(`found only ${chosen.size} of ${count} free ports`);
  return [...chosen];
}

const free = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.createServer();
  s.once('error', () => resolve(false));
  s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
});

/** The first port the kernel hands out on its own (Linux's default when it cannot be read). */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}
