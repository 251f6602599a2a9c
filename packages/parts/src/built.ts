/**
 * 构建产物: where `npm run build` puts a module's JavaScript, written once so the build, the
 * production launcher (`npm start` with NODE_ENV=production), the container image and the
 * manifests agree. A workspace's `src/<path>.ts` becomes its `dist/<path>.js`; a module outside any
 * `src/` folder (the root's `scripts/start.ts`) goes under the root's `dist/` as it is
 * (`dist/scripts/start.js`).
 */
export function builtPathOf(source: string): string {
  const js = source.replace(/\.ts$/, '.js');
  return /(^|\/)src\//.test(js) ? js.replace(/(^|\/)src\//, '$1dist/') : `dist/${js}`;
}
