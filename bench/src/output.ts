/**
 * Where a run's record goes. A run on someone's machine must not leave the checkout dirty, so by
 * default everything goes to bench/results/local/ (git-ignored: bench/.gitignore); only a run made
 * to be committed, `npm run bench -- --record`, writes the dated files and latest.* into
 * bench/results/ itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The folder a run writes its results (and `--profile` summary) to. */
export function resultsDir(benchDir: string, options: { record: boolean }): string {
  return options.record ? path.join(benchDir, 'results') : path.join(benchDir, 'results', 'local');
}

/** The file name stem of a run: its UTC start without colons or milliseconds, then its mode. */
export function runName(startedAt: string, mode: string): string {
  return `${startedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z')}-${mode}`;
}

/** Writes <name>.{md,json} and latest.{md,json} into `dir` (created if need be); returns the Markdown path. */
export function writeRecord(dir: string, name: string, record: { md: string; json: string }): string {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, name);
  writeFileSync(`${base}.md`, record.md);
  writeFileSync(`${base}.json`, record.json);
  writeFileSync(path.join(dir, 'latest.md'), record.md);
  writeFileSync(path.join(dir, 'latest.json'), record.json);
  return `${base}.md`;
}
