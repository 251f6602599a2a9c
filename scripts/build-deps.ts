/**
 * Production dependencies, checked at build time: every package the built code imports (what
 * esbuild left external) must be in the `dependencies` of the workspace whose source imports it.
 * `npm ci --omit=dev` installs exactly those; an import covered only by a devDependency (or by a
 * sibling workspace's dependency that happens to be hoisted) would work in development and fail
 * in a container, so the build refuses it here, naming the file and the package.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Metafile } from 'esbuild';

const BUILTIN = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export const packageNameOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** The package.json that owns a file: the nearest one above it. */
function workspaceOf(repo: string, file: string): string {
  for (let dir = path.dirname(path.resolve(repo, file)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`${file} is in no workspace`);
  }
}

/** One line per import not covered by its workspace's dependencies. */
export function undeclaredImports(repo: string, metafile: Metafile): string[] {
  const problems = new Set<string>();
  const dependencies = new Map<string, Set<string>>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:') || BUILTIN.has(imported.path)) continue;
      const dir = workspaceOf(repo, file);
      if (!dependencies.has(dir)) {
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
        dependencies.set(dir, new Set(Object.keys(manifest.dependencies ?? {})));
      }
      const name = packageNameOf(imported.path);
      if (!dependencies.get(dir)!.has(name)) {
        problems.add(`${file} imports ${name}, which is not in ${path.relative(repo, path.join(dir, 'package.json')) || 'package.json'} "dependencies"`);
      }
    }
  }
  return [...problems].sort();
}

/** The folder Node finds `name` in, looking up from `dir` as its resolution does; undefined when none. */
function packageDirFrom(dir: string, name: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (at === path.dirname(at)) return undefined;
  }
}

/**
 * One line per import the bundle would load from another copy than its source does. The source of
 * a shared workspace (packages/runtime, say) finds its own pinned version, which npm may have
 * nested under that workspace when another version sits at the root; the bundle, inlined into
 * gateway/dist or dist/scripts, looks up from there instead and would load the root's copy (a
 * development-only one, absent in production) or nothing. Declaring the package in the root
 * package.json's dependencies puts the pinned version where every bundle finds it.
 */
export function misresolvedImports(repo: string, metafile: Metafile, outfile: string): string[] {
  const problems = new Set<string>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:') || BUILTIN.has(imported.path)) continue;
      const name = packageNameOf(imported.path);
      const fromSource = packageDirFrom(path.dirname(path.resolve(repo, file)), name);
      const fromBundle = packageDirFrom(path.dirname(outfile), name);
      if (fromSource && fromSource !== fromBundle) {
        const version = (dir: string | undefined) => (dir ? `${path.relative(repo, dir)} ${(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version}` : 'nothing');
        problems.add(`${path.relative(repo, outfile)}: ${name} is ${version(fromSource)} for ${file}, but the bundle would load ${version(fromBundle)}: add it to the root package.json "dependencies" at the version ${file}'s workspace pins`);
      }
    }
  }
  return [...problems].sort();
}
