import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { REPO } from '../src/processes.ts';
import { misresolvedImports, packageNameOf, undeclaredImports } from '../../scripts/build-deps.ts';

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

describe('misresolvedImports', () => {
  /** A tree where a shared workspace pins otel@2 (nested under it) while the root holds otel@1. */
  function tree(rootHolds: string | undefined) {
    const repo = mkdtempSync(path.join(tmpdir(), 'build-deps-'));
    const pkg = (dir: string, version: string) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'otel', version }));
    };
    pkg(path.join(repo, 'packages/runtime/node_modules/otel'), '2.0.0');
    if (rootHolds) pkg(path.join(repo, 'node_modules/otel'), rootHolds);
    mkdirSync(path.join(repo, 'gateway/dist'), { recursive: true });
    return repo;
  }

  it('names a package the bundle would load from another copy than its source, or not at all', () => {
    for (const [rootHolds, loads] of [['1.0.0', 'node_modules/otel 1.0.0'], [undefined, 'nothing']] as const) {
      const repo = tree(rootHolds);
      try {
        const problems = misresolvedImports(repo, metafile({ 'packages/runtime/src/tracing.ts': ['otel'] }), path.join(repo, 'gateway/dist/main.js'));
        expect(problems).toEqual([`gateway/dist/main.js: otel is packages/runtime/node_modules/otel 2.0.0 for packages/runtime/src/tracing.ts, but the bundle would load ${loads}: add it to the root package.json "dependencies" at the version packages/runtime/src/tracing.ts's workspace pins`]);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    }
  });

  it('accepts the tree as installed: every bundle loads what its source loads', () => {
    expect(misresolvedImports(REPO, metafile({ 'packages/runtime/src/tracing.ts': ['@opentelemetry/sdk-trace-node'] }), path.join(REPO, 'gateway/dist/main.js'))).toEqual([]);
  });
});
