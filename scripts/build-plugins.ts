/**
 * The two esbuild plugins behind `npm run build` (scripts/build.ts).
 *
 * - `workspacesInlined`: our own workspaces (@district/*) export TypeScript source, which Node
 *   cannot run, so they are bundled into each deployable; every other package stays an import,
 *   installed by `npm ci --omit=dev` next to the built code (so a missing production dependency
 *   fails there, and licences and security fixes stay the registry's).
 * - `runtimeFiles`: code that reads a file next to it at run time (`new URL('./schema.graphql',
 *   import.meta.url)`: the subgraph schemas, the shared scalars, the supergraph, the operations
 *   folder) would look beside the bundle instead; each such URL is rewritten to
 *   `./assets/<its path in the repository>` and the file (or flat folder) copied there, so the
 *   built code finds the very file the source does, with no list of files to keep up to date.
 */
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'esbuild';

export const WORKSPACE_SCOPE = '@district/';

export const workspacesInlined: Plugin = {
  name: 'workspaces-inlined',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith(WORKSPACE_SCOPE) ? undefined : { path: args.path, external: true }));
  },
};

/** `new URL('<relative path>', import.meta.url)`, the one way our code names a file beside it. */
const FILE_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Rewrites file URLs to `<outdir>/assets/…` and copies what they name there. */
export function runtimeFiles(repo: string, outdir: string): Plugin {
  return {
    name: 'runtime-files',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const contents = source.replace(FILE_URL, (_match, _quote: string, relative: string) => {
          const target = path.resolve(path.dirname(args.path), relative);
          const inRepo = path.relative(repo, target);
          const where = `${path.relative(repo, args.path)}: new URL('${relative}', import.meta.url)`;
          if (inRepo.startsWith('..') || inRepo === '') throw new Error(`${where} points outside the repository's files; the built code could not ship it`);
          if (!existsSync(target)) throw new Error(`${where} names ${inRepo}, which does not exist`);
          if (statSync(target).isDirectory() && readdirSync(target, { withFileTypes: true }).some((d) => d.isDirectory())) {
            throw new Error(`${where} names the folder ${inRepo}, which has folders in it; only a file or a flat folder is shipped beside the built code`);
          }
          cpSync(target, path.join(outdir, 'assets', inRepo), { recursive: true });
          const asset = `./assets/${inRepo.split(path.sep).join('/')}${relative.endsWith('/') ? '/' : ''}`;
          return `new URL(${JSON.stringify(asset)}, import.meta.url)`;
        });
        return { contents, loader: 'ts' };
      });
    },
  };
}
