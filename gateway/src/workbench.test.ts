import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbench, serveWorkbench, type WorkbenchSite } from './workbench.ts';

/** The workbench page's files as the gateway serves them, from a build folder of this test's own. */
describe('the workbench page route', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'workbench-dist-'));
  let server: http.Server;
  let base: string;
  let site: WorkbenchSite = { html: null, files: new Map() };

  beforeAll(async () => {
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/workbench/index-AbCdEf12.js"></script></body></html>');
    writeFileSync(path.join(dist, 'index-AbCdEf12.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'notes.txt'), 'not served');
    server = http.createServer((req, res) => {
      if (!serveWorkbench(site, req.method, new URL(req.url ?? '/', 'http://x').pathname, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page with its configuration written in, and its hashed files as immutable, under a policy allowing only this origin', async () => {
    site = loadWorkbench({ devTokenPath: null }, dist);
    for (const at of ['/workbench', '/workbench/']) {
      const res = await fetch(base + at);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<script type="application/json" id="workbench-config">{"devTokenPath":null}</script></head>');
    }
    const js = await fetch(`${base}/workbench/index-AbCdEf12.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/workbench/notes.txt`)).status).toBe(404);
    expect((await fetch(`${base}/workbench/../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/workbench`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 503 saying how to build the page when it is not built', async () => {
    const empty = path.join(dist, 'empty');
    mkdirSync(empty);
    site = loadWorkbench({ devTokenPath: '/dev/token' }, empty);
    const res = await fetch(`${base}/workbench`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
