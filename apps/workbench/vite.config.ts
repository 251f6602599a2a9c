import { defineConfig } from 'vite';

/**
 * The workbench page, built for the gateway to serve at /workbench (gateway/src/workbench.ts).
 * Every asset lands flat in dist/ (no assets/ folder): the gateway's build ships files read at run
 * time only as a file or a flat folder (scripts/build-plugins.ts). No plugin: Vite's own esbuild
 * compiles TypeScript and JSX, and the page has no need of hot reloading's React plugin.
 */
export const WORKBENCH_BASE = '/workbench/';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: WORKBENCH_BASE,
  logLevel: 'warn',
  // Always React's production build and JSX runtime, whatever NODE_ENV the caller runs with
  // (vitest sets "test", which Vite would otherwise follow, bundling React's development build).
  esbuild: { jsx: 'automatic', jsxDev: false },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: '',
    // ECharts alone is ~600 kB minified; one page, one bundle, served from the intranet.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
