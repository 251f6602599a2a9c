import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DEPARTMENTS, PURPOSES } from '@district/domain';
import { TOKEN_ROLES } from './auth/claims.ts';
import { DEV_TOKEN_PATH } from './dev-token-route.ts';
import { SAMPLE_TABS } from './graphiql-samples.ts';

/**
 * GraphiQL served from the gateway itself (development only): district networks are often
 * offline, so no asset comes from a CDN. Assets are read once from node_modules at start-up. The
 * page (assets/graphiql-page.js) signs in with a development token first, then opens GraphiQL with
 * the README's sample operations as tabs.
 */
const require = createRequire(import.meta.url);

/** A package's folder, found from its entry point: packages' `exports` hide their UMD files. */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return dir;
}

const read = (specifier: string) => {
  const [scopeOrName, ...rest] = specifier.split('/');
  return readFileSync(path.join(packageDir(scopeOrName), ...rest));
};

export interface GraphiqlAssets {
  html: string;
  files: Map<string, { body: Buffer; type: string }>;
}

/**
 * CJK first in the fallback after GraphiQL's own (embedded) Latin fonts: the page ships no CJK
 * font (a subset would miss the names and addresses in the data), it names the common system ones
 * (Debian/Ubuntu `fonts-noto-cjk`, macOS, Windows).
 */
const CJK_FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei"';

const STYLE = `
html, body { margin: 0; height: 100%; font-family: "Roboto", ${CJK_FONTS}, sans-serif; font-size: 14px; }
body { display: flex; flex-direction: column; }
.graphiql-container, .CodeMirror-info, .CodeMirror-lint-tooltip, .graphiql-dialog, .graphiql-tooltip, [data-radix-popper-content-wrapper] {
  --font-family: "Roboto", ${CJK_FONTS}, sans-serif !important;
  --font-family-mono: "Fira Code", "Noto Sans Mono CJK SC", ${CJK_FONTS}, monospace !important;
}
#signin { padding: 8px 16px; background: #f3f5f9; border-bottom: 1px solid #d8dde6; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
#signin form { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
#signin .field { display: inline-flex; gap: 4px; align-items: center; }
#signin .field[hidden] { display: none; }
#signin .error { color: #b3261e; }
#signin .help { flex-basis: 100%; margin: 0; color: #4a5568; font-size: 13px; }
#signin .note { color: #4a5568; }
#graphiql { flex: 1; min-height: 0; }
.signed-out { padding: 24px; color: #4a5568; }
`;

export function loadGraphiql(o: { endpoint?: string; tokenEndpoint?: string } = {}): GraphiqlAssets {
  const files = new Map<string, { body: Buffer; type: string }>([
    ['/graphiql/react.js', { body: read('react/umd/react.production.min.js'), type: 'text/javascript' }],
    ['/graphiql/react-dom.js', { body: read('react-dom/umd/react-dom.production.min.js'), type: 'text/javascript' }],
    ['/graphiql/graphiql.js', { body: read('graphiql/graphiql.min.js'), type: 'text/javascript' }],
    ['/graphiql/graphiql.css', { body: read('graphiql/graphiql.min.css'), type: 'text/css' }],
    ['/graphiql/page.js', { body: readFileSync(new URL('../assets/graphiql-page.js', import.meta.url)), type: 'text/javascript; charset=utf-8' }],
  ]);
  const config = {
    endpoint: o.endpoint ?? '/graphql',
    tokenEndpoint: o.tokenEndpoint ?? DEV_TOKEN_PATH,
    roles: TOKEN_ROLES,
    purposes: PURPOSES,
    departments: DEPARTMENTS,
    tabs: SAMPLE_TABS,
  };
  // `<` escaped so no string in the configuration can close the script element.
  const configJson = JSON.stringify(config).replaceAll('<', '\\u003c');
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>District graph · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css"><style>${STYLE}</style></head>
<body><div id="signin"></div><div id="graphiql">Loading…</div>
<script type="application/json" id="graphiql-config">${configJson}</script>
<script src="/graphiql/react.js"></script><script src="/graphiql/react-dom.js"></script><script src="/graphiql/graphiql.js"></script>
<script src="/graphiql/page.js"></script>
</body></html>`;
  return { html, files };
}
