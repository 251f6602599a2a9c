import { describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { REPO } from '../src/processes.ts';
import { packageNameOf, undeclaredImports } from '../../scripts/build-deps.ts';

/** scripts/build-deps.ts: the build refuses an import that a production install would not have. */
const metafile = (imports: Record<string, string[]>): Metafile => ({
  outputs: {},
  inputs: Object.fromEntries(Object.entries(imports).map(([file, paths]) => [file, { bytes: 0, imports: paths.map((p) => ({ path: p, kind: 'import-statement' as const, external: true })) }])),
});

describe('undeclaredImports', () => {
  it('accepts node built-ins and what the importing workspace lists in its dependencies', () => {
    expect(undeclaredImports(REPO, metafile({ 'backends/src/real-estate/xml.ts': ['fast-xml-parser', 'node:fs', 'fs'], 'gateway/src/server.ts': ['@apollo/server/standalone'] }))).toEqual([]);
  });

  it("names the file and the package when only a devDependency or another workspace's dependency covers it", () => {
    expect(undeclaredImports(REPO, metafile({ 'packages/runtime/src/config.ts': ['jose', 'zod'], 'backends/src/index.ts': ['ioredis'] }))).toEqual([
      'backends/src/index.ts imports ioredis, which is not in backends/package.json "dependencies"',
      'packages/runtime/src/config.ts imports jose, which is not in packages/runtime/package.json "dependencies"',
    ]);
  });

  it('reads the package name of a deep import', () => {
    expect(packageNameOf('@apollo/server/express4')).toBe('@apollo/server');
    expect(packageNameOf('graphql/language')).toBe('graphql');
  });
});
