/**
 * Bearer tokens for the load, so that ours is measured with authentication on once the security
 * issue lands (the peers ignore the header). Tokens come from the contract's own command
 * (`npm run -s token -- --role … --purpose … [--building …]…`, scripts/token.ts), one per scenario,
 * made once per harness run with a TTL longer than any run. Without scripts/token.ts, requests carry
 * no Authorization header. BENCH_TOKEN, when set, is used for every request instead; BENCH_AUTH=off
 * sends none.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './stack.ts';
import type { Identity } from './scenarios.ts';

const run = promisify(execFile);
const TOKEN_SCRIPT = path.join(REPO, 'scripts/token.ts');

export type AuthMode = 'none' | 'env' | 'script';

export function authMode(): AuthMode {
  if (process.env.BENCH_AUTH === 'off') return 'none';
  if (process.env.BENCH_TOKEN) return 'env';
  return existsSync(TOKEN_SCRIPT) ? 'script' : 'none';
}

const key = (i: Identity) => `${i.role}|${i.purpose}|${(i.buildings ?? []).join(',')}`;

/** Authorization header value per identity (undefined: send none); the mode is fixed when this runs. */
export async function tokensFor(identities: Identity[]): Promise<(i: Identity) => string | undefined> {
  const mode = authMode();
  if (mode === 'none') return () => undefined;
  if (mode === 'env') return () => `Bearer ${process.env.BENCH_TOKEN}`;
  const distinct = [...new Map(identities.map((i) => [key(i), i])).values()];
  const tokens = new Map<string, string>();
  // A few at a time: each is a node start-up, and this machine may have two cores.
  for (let i = 0; i < distinct.length; i += 4) {
    await Promise.all(distinct.slice(i, i + 4).map(async (id) => {
      const args = ['--import', 'tsx', TOKEN_SCRIPT, '--role', id.role, '--purpose', id.purpose, '--sub', 'bench', '--ttl', String(6 * 3600),
        ...(id.buildings ?? []).flatMap((b) => ['--building', b])];
      const { stdout } = await run(process.execPath, args, { cwd: REPO });
      const token = stdout.trim().split('\n').pop()?.trim();
      if (!token) throw new Error(`scripts/token.ts printed no token for ${key(id)}`);
      tokens.set(key(id), token);
    }));
  }
  return (i) => `Bearer ${tokens.get(key(i))}`;
}
