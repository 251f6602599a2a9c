import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * 楼小二工作台 — the building-service workbench page (apps/workbench), served by the gateway at
 * /workbench in development and in production: government intranets have no internet, so every
 * file comes from here, read once at start-up. The page talks only to this gateway's /graphql.
 *
 * In development the files are apps/workbench/dist (`npm start` builds it when missing or stale);
 * `npm run build` builds the page first and ships that folder beside the built gateway (the file
 * URL below is rewritten by scripts/build-plugins.ts). A gateway started without a build (its own
 * unit tests) answers /workbench with 503 and says how to build it.
 */
export const WORKBENCH_PATH = '/workbench';
const DIST = new URL('../../apps/workbench/dist/', import.meta.url);

export interface WorkbenchFile { body: Buffer; type: string; immutable: boolean }
export interface WorkbenchSite {
  /** index.html, with the page's configuration written in; null when the page is not built. */
  html: string | null;
  /** `/workbench/<file>` → the file. */
  files: Map<string, WorkbenchFile>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

/**
 * The page may run scripts and styles from here only, and talk to this gateway only; ECharts sets
 * inline style attributes, hence 'unsafe-inline' for styles (never for scripts).
 */
export const WORKBENCH_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function loadWorkbench(o: { devTokenPath: string | null }, dist: string = fileURLToPath(DIST)): WorkbenchSite {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return { html: null, files: new Map() };
  const files = new Map<string, WorkbenchFile>();
  for (const name of readdirSync(dist)) {
    const type = TYPES[path.extname(name)];
    // Vite names what it bundles by content hash (index-3f9c….js): those never change under their name.
    if (type) files.set(`${WORKBENCH_PATH}/${name}`, { body: readFileSync(path.join(dist, name)), type, immutable: /-[\w-]{8,}\.\w+$/.test(name) });
  }
  // `<` escaped so no string in the configuration can close the script element.
  const config = JSON.stringify({ devTokenPath: o.devTokenPath }).replaceAll('<', '\\u003c');
  const html = readFileSync(index, 'utf8').replace('</head>', `<script type="application/json" id="workbench-config">${config}</script></head>`);
  return { html, files };
}

/** Headers every answer of the page carries. */
const PAGE_HEADERS = { 'content-security-policy': WORKBENCH_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** Answers GET /workbench, /workbench/ and the page's files; false for anything else. */
export function serveWorkbench(site: WorkbenchSite, method: string | undefined, pathname: string, res: import('node:http').ServerResponse): boolean {
  if (pathname !== WORKBENCH_PATH && !pathname.startsWith(`${WORKBENCH_PATH}/`)) return false;
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (pathname === WORKBENCH_PATH || pathname === `${WORKBENCH_PATH}/` || pathname === `${WORKBENCH_PATH}/index.html`) {
    if (site.html === null) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...PAGE_HEADERS });
      res.end('工作台页面尚未构建 — the workbench page is not built: run `npm run build` (or `npm start`, which builds it)\n');
      return true;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', ...PAGE_HEADERS });
    res.end(method === 'HEAD' ? undefined : site.html);
    return true;
  }
  const file = site.files.get(pathname);
  if (!file) return false;
  res.writeHead(200, { 'content-type': file.type, 'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...PAGE_HEADERS });
  res.end(method === 'HEAD' ? undefined : file.body);
  return true;
}
