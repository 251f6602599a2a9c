import net from 'node:net';
import { PARTS, portOf } from '@district/parts';

/** A PORT_BASE whose ports (base … base+5, base+1001 … base+1004 and any other part's: @district/parts) nobody listens on now. */
export async function freeBase(): Promise<number> {
  const free = (port: number) => new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await Promise.all(PARTS.map((p) => free(portOf(p, { PORT_BASE: String(base) }))))).every(Boolean)) return base;
  }
  throw new Error('no free PORT_BASE found');
}
