/**
 * The three gateways under test, each started in a child process on the same port and the same
 * supergraph, one after the other:
 *
 * - ours:  gateway/src/main.ts exactly as deployed, subgraph URLs by SUBGRAPH_<NAME>_URL;
 * - stock: @apollo/gateway with its defaults on Apollo Server's startStandaloneServer (peers/apollo-stock.ts);
 * - hive:  the `hive-gateway` CLI (`supergraph <file>`), defaults, one process (--fork 1).
 *
 * The peers read subgraph URLs from the supergraph itself, whose checked-in URLs are the default
 * 400x ports, so each run writes a copy with this run's URLs substituted (nothing else changes).
 *
 * Signed request context (security issue): the peers cannot sign subgraph requests, so for their
 * runs the subgraphs get SUBGRAPH_VERIFY_CONTEXT=false, a bench-only setting that production mode is
 * to refuse. Ours runs against subgraphs with nothing switched off. Until the subgraphs implement
 * verification the setting is simply ignored.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GATEWAY, SUBGRAPHS as SUBGRAPH_PARTS } from '@district/parts';
import { REPO, SUBGRAPHS, builtEntry, type Subgraph } from './stack.ts';
import { deployment } from './deployment.ts';
import { startPart, waitForPorts, type Part } from './procs.ts';

export type GatewayId = 'ours' | 'stock' | 'hive';
export const GATEWAY_IDS: GatewayId[] = ['ours', 'stock', 'hive'];

export interface GatewayDef {
  id: GatewayId;
  label: string;
  /** Env for the subgraphs during this gateway's runs. */
  subgraphEnv: Record<string, string>;
  start(o: { port: number; subgraphUrls: Record<Subgraph, string>; supergraphCopy: string; logDir: string; nodeArgs?: string[]; turn: string }): Part;
}

export const SUPERGRAPH = path.join(REPO, 'schema/supergraph.graphql');
const PEER_SUBGRAPH_ENV = { SUBGRAPH_VERIFY_CONTEXT: 'false' };
const require = createRequire(import.meta.url);

/** The hive-gateway CLI's script, started with our own node so the pid we watch is the gateway itself. */
function hiveBin(): string {
  return path.join(path.dirname(require.resolve('@graphql-hive/gateway')), 'bin.js');
}

/** Copies the supergraph with each @join__graph URL replaced by this run's subgraph URL. */
export function writeSupergraphCopy(subgraphUrls: Record<Subgraph, string>, file: string): string {
  let replaced = 0;
  const sdl = readFileSync(SUPERGRAPH, 'utf8').replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = subgraphUrls[name as Subgraph];
    if (!url) return whole;
    replaced++;
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
  if (replaced !== SUBGRAPHS.length) throw new Error(`supergraph declares ${replaced} of the ${SUBGRAPHS.length} subgraphs the bench starts; update bench/src/stack.ts`);
  writeFileSync(file, sdl);
  return file;
}

export const GATEWAYS: Record<GatewayId, GatewayDef> = {
  ours: {
    id: 'ours',
    label: 'ours (gateway/)',
    subgraphEnv: {},
    start: ({ port, subgraphUrls, logDir, nodeArgs = [], turn }) =>
      startPart('gateway ours', [...nodeArgs, ...builtEntry(GATEWAY.entry)], {
        cwd: REPO,
        logFile: path.join(logDir, 'gateway-ours.log'),
        env: {
          ...process.env,
          // Deployed: Redis as its subgraphs have it (same prefix), production mode and its settings.
          ...deployment().common, ...deployment().turn(turn), ...deployment().ours,
          GATEWAY_PORT: String(port),
          // Counted as in production (the limiter's Redis round trip is part of what is measured), never refused.
          RATE_LIMIT_POINTS: 'frontend-app=1000000000,building-staff=1000000000,window-staff=1000000000,department-officer=1000000000,enterprise=1000000000,auditor=1000000000',
          ...Object.fromEntries(SUBGRAPH_PARTS.map((s) => [s.urlVariables.gateway, subgraphUrls[s.name]])),
        },
      }),
  },
  stock: {
    id: 'stock',
    label: 'stock @apollo/gateway',
    subgraphEnv: PEER_SUBGRAPH_ENV,
    start: ({ port, supergraphCopy, logDir }) =>
      startPart('gateway stock', ['--import', 'tsx', 'bench/src/peers/apollo-stock.ts'], {
        cwd: REPO,
        logFile: path.join(logDir, 'gateway-stock.log'),
        env: { ...process.env, BENCH_SUPERGRAPH_PATH: supergraphCopy, BENCH_GATEWAY_PORT: String(port) },
      }),
  },
  hive: {
    id: 'hive',
    label: 'Hive Gateway',
    subgraphEnv: PEER_SUBGRAPH_ENV,
    start: ({ port, supergraphCopy, logDir }) =>
      startPart('gateway hive', [hiveBin(), 'supergraph', supergraphCopy, '--port', String(port), '--host', '127.0.0.1', '--fork', '1'], {
        cwd: logDir, // no gateway.config.* is picked up from here: defaults only
        logFile: path.join(logDir, 'gateway-hive.log'),
        env: { ...process.env },
      }),
  },
};

/** Waits until the gateway listens and answers a trivial query (plans are ready, subgraphs known). */
export async function waitForGateway(part: Part, port: number): Promise<void> {
  await waitForPorts(part, [port]);
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
      // 401 counts as up: once authentication lands, ours refuses anonymous queries.
      if (res.status === 200 || res.status === 401) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${part.name} is not answering on :${port} (${last}); see ${part.logFile}`);
}
