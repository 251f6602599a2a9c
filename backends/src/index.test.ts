import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackends, DEPARTMENT_BACKENDS, type RunningBackends } from './index.ts';

let running: RunningBackends;
beforeAll(async () => {
  running = await startBackends({ ports: { market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 } });
});
afterAll(() => running?.close());

describe('npm run backends', () => {
  it('starts all four systems on their own ports with the control surface answering', async () => {
    for (const name of DEPARTMENT_BACKENDS) {
      const res = await fetch(`${running.urls[name]}/__sim/stats`);
      expect(res.status, name).toBe(200);
      expect(await res.json(), name).toMatchObject({ requests: 0 });
    }
    expect(new Set(Object.values(running.urls)).size).toBe(4);
  });

  it('refuses a malformed setting in the environment, naming the variable', async () => {
    await expect(startBackends({ ports: { market: 0, tax: 0, 'medical-insurance': 0, 'real-estate': 0 }, env: { TAX_SIM_ERROR_RATE: 'often' } }))
      .rejects.toThrow(/TAX_SIM_ERROR_RATE/);
  });

  it('refuses a malformed port, naming the variable', async () => {
    await expect(startBackends({ env: { MARKET_BACKEND_PORT: 'eighty' } })).rejects.toThrow(/MARKET_BACKEND_PORT/);
  });

  it('listens where PORT_BASE puts the stand-ins: a thousand and one to four above the base', async () => {
    const base = await freeBase();
    const moved = await startBackends({ env: { PORT_BASE: String(base) } });
    try {
      expect(DEPARTMENT_BACKENDS.map((name) => moved.urls[name])).toEqual([1001, 1002, 1003, 1004].map((d) => `http://127.0.0.1:${base + d}`));
    } finally {
      await moved.close();
    }
  });
});

/** A base whose stand-in ports (base + 1001 … 1004) nobody listens on now. */
async function freeBase(): Promise<number> {
  const free = (port: number) => new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (let tries = 0; tries < 50; tries++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await Promise.all([1001, 1002, 1003, 1004].map((d) => free(base + d)))).every(Boolean)) return base;
  }
  throw new Error('no free base found');
}
