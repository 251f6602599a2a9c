import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resultsDir, runName, writeRecord } from './output.ts';

/** A bench run leaves the checkout clean unless it is asked to record (`--record`). */
const BENCH = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bench-output-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('where a bench run writes', () => {
  it('writes to bench/results/local/ by default and to bench/results/ with --record', () => {
    expect(resultsDir(BENCH, { record: false })).toBe(path.join(BENCH, 'results', 'local'));
    expect(resultsDir(BENCH, { record: true })).toBe(path.join(BENCH, 'results'));
  });

  it('keeps the default folder out of git, and the recorded one in it', () => {
    const local = path.relative(path.resolve(BENCH, '..'), path.join(resultsDir(BENCH, { record: false }), 'latest.md'));
    const recorded = path.relative(path.resolve(BENCH, '..'), path.join(resultsDir(BENCH, { record: true }), 'latest.md'));
    // git check-ignore exits 0 when the path is ignored, 1 when it is not.
    const ignored = (file: string) => { try { execFileSync('git', ['check-ignore', '-q', file], { cwd: path.resolve(BENCH, '..') }); return true; } catch { return false; } };
    expect(ignored(local)).toBe(true);
    expect(ignored(recorded)).toBe(false);
  });

  it('names a run by its UTC start and mode, and writes it beside latest.*, creating the folder', () => {
    const name = runName('2026-11-22T07:53:26.123Z', 'quick');
    expect(name).toBe('2026-11-22T075326Z-quick');
    const dir = path.join(scratch, 'results', 'local');
    const md = writeRecord(dir, name, { md: '# run\n', json: '{}\n' });
    expect(md).toBe(path.join(dir, `${name}.md`));
    expect(readdirSync(dir).sort()).toEqual([`${name}.json`, `${name}.md`, 'latest.json', 'latest.md']);
    expect(readFileSync(path.join(dir, 'latest.md'), 'utf8')).toBe('# run\n');
    expect(existsSync(path.join(scratch, 'results', 'latest.md'))).toBe(false);
  });
});
