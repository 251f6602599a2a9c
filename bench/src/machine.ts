/** What the numbers were measured on: machine, versions, configuration. Figures mean nothing without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './stack.ts';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  versions: Record<string, string>;
  commit: string;
  /** Which real services the stack ran on (from the environment the harness was started with). */
  backingServices: string;
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch { /* not Linux */ }
  return os.cpus()[0]?.model ?? 'unknown';
}

function memoryGb(): number {
  try {
    const m = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) / 1024 / 1024;
  } catch { /* not Linux */ }
  return os.totalmem() / 2 ** 30;
}

/** Installed version of a package, found the way the code that uses it finds it. */
function versionOf(name: string, from = REPO): string {
  try {
    const require = createRequire(path.join(from, 'package.json'));
    let dir = path.dirname(require.resolve(name));
    // Walk up from the entry point to the package's own package.json (exports may hide it).
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        if (pkg.name === name) return pkg.version;
      } catch { /* keep walking */ }
      const up = path.dirname(dir);
      if (up === dir) return 'unknown';
      dir = up;
    }
  } catch {
    return 'not installed';
  }
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  const gw = path.join(REPO, 'gateway');
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Math.round(memoryGb() * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    versions: {
      '@apollo/gateway': versionOf('@apollo/gateway', gw),
      '@apollo/server': versionOf('@apollo/server', gw),
      '@apollo/query-planner': versionOf('@apollo/query-planner', gw),
      '@graphql-hive/gateway': versionOf('@graphql-hive/gateway', path.join(REPO, 'bench')),
      autocannon: versionOf('autocannon', path.join(REPO, 'bench')),
      graphql: versionOf('graphql', gw),
      undici: versionOf('undici', gw),
      tsx: versionOf('tsx'),
    },
    commit: commit(),
    backingServices: [
      process.env.REDIS_URL ? 'Redis (REDIS_URL set)' : 'in-memory caches',
      process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL set)' : 'PGlite',
    ].join(', '),
  };
}
