import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * GraphiQL served from the gateway itself: district networks are often offline, so no asset
 * comes from a CDN. Assets are read once from node_modules at start-up.
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

export function loadGraphiql(endpoint = '/graphql'): GraphiqlAssets {
  const files = new Map<string, { body: Buffer; type: string }>([
    ['/graphiql/react.js', { body: read('react/umd/react.production.min.js'), type: 'text/javascript' }],
    ['/graphiql/react-dom.js', { body: read('react-dom/umd/react-dom.production.min.js'), type: 'text/javascript' }],
    ['/graphiql/graphiql.js', { body: read('graphiql/graphiql.min.js'), type: 'text/javascript' }],
    ['/graphiql/graphiql.css', { body: read('graphiql/graphiql.min.css'), type: 'text/css' }],
  ]);
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>District graph · GraphiQL</title>
<link rel="stylesheet" href="/graphiql/graphiql.css"><style>body{margin:0;height:100vh}#graphiql{height:100vh}</style></head>
<body><div id="graphiql">Loading…</div>
<script src="/graphiql/react.js"></script><script src="/graphiql/react-dom.js"></script><script src="/graphiql/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)}, headers: {} });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
</script></body></html>`;
  return { html, files };
}
