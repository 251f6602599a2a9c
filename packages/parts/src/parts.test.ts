import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKENDS, PARTS, SUBGRAPHS, SUBGRAPH_DEPARTMENTS, backendOf, subgraphOf } from './parts.ts';

const REPO = new URL('../../../', import.meta.url);
const upper = (name: string) => name.toUpperCase().replaceAll('-', '_');

describe('the list of parts', () => {
  it('gives every part its own id, port and variables', () => {
    const unique = (xs: unknown[]) => expect(new Set(xs).size).toBe(xs.length);
    unique(PARTS.map((p) => p.id));
    unique(PARTS.map((p) => p.defaultPort));
    unique(PARTS.flatMap((p) => [p.portVariable, ...Object.values(p.urlVariables)]));
  });

  it('names the variables by the one rule the README states', () => {
    for (const s of SUBGRAPHS) {
      expect(s.portVariable).toBe(`${upper(s.name)}_PORT`);
      expect(s.urlVariables).toEqual({ gateway: `SUBGRAPH_${upper(s.name)}_URL`, direct: `${upper(s.name)}_SUBGRAPH_URL` });
      expect(s.department).toBe(upper(s.name));
    }
    for (const b of BACKENDS) {
      expect(b.portVariable).toBe(`${upper(b.name)}_BACKEND_PORT`);
      expect(b.urlVariables).toEqual({ direct: `${upper(b.name)}_BACKEND_URL` });
    }
  });

  it('points at entries and schemas that exist', () => {
    for (const p of PARTS) expect(existsSync(new URL(p.entry, REPO)), p.entry).toBe(true);
    for (const s of SUBGRAPHS) expect(existsSync(new URL(s.schema, REPO)), s.schema).toBe(true);
  });

  it('pairs each department subgraph with its stand-in; services wraps none', () => {
    expect(BACKENDS.map((b) => b.name)).toEqual(SUBGRAPHS.filter((s) => s.name !== 'services').map((s) => s.name));
    expect(backendOf('real-estate')?.id).toBe('real-estate-backend');
    expect(backendOf('services')).toBeUndefined();
    expect(subgraphOf('MEDICAL_INSURANCE').name).toBe('medical-insurance');
    expect(SUBGRAPH_DEPARTMENTS).toEqual({ market: 'MARKET', tax: 'TAX', 'medical-insurance': 'MEDICAL_INSURANCE', 'real-estate': 'REAL_ESTATE', services: 'SERVICES' });
  });
});

describe('builtPathOf', () => {
  it("puts a workspace's src/ module under its dist/, and a root script under the root's dist/", async () => {
    const { builtPathOf } = await import('./built.ts');
    expect(builtPathOf('gateway/src/main.ts')).toBe('gateway/dist/main.js');
    expect(builtPathOf('subgraphs/services/src/worker-main.ts')).toBe('subgraphs/services/dist/worker-main.js');
    expect(builtPathOf('scripts/start.ts')).toBe('dist/scripts/start.js');
  });
});
