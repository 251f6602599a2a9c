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
});
