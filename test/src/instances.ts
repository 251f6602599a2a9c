import { BACKENDS, BUNDLE_WORKER, GATEWAY, SUBGRAPHS, type Part } from '@district/parts';
import { freePorts } from './free-ports.ts';
import { startPart, type PartProcess } from './processes.ts';
import { startRoundRobin, type RoundRobin } from './round-robin.ts';

/**
 * Several instances of every part as child processes, each part behind a round-robin
 * (round-robin.ts), wired the way a cluster wires them: the gateways reach each subgraph through
 * its round-robin, services reaches the department subgraphs through theirs, the department
 * subgraphs reach services through its own, and clients reach the gateways through one in front
 * of them. Each instance keeps its port, so a stopped or killed one restarts where it was.
 */
export interface Instance {
  part: Part;
  index: number;
  port: number;
  process?: PartProcess;
  /** `http://127.0.0.1:<port>`: this instance alone, past its round-robin. */
  url: string;
}

export interface Instances {
  /** Where clients send GraphQL: the gateways' round-robin (`…/graphql`). */
  graphql: string;
  /** Every instance of every part, by part id. */
  byPart: Record<string, Instance[]>;
  all(): Instance[];
  /** Starts (or restarts) one instance and waits until it says it is ready. */
  start(instance: Instance): Promise<void>;
  stop(): Promise<void>;
}

/** The start line each kind of part prints (runPart's `started`), its first group the URL. */
const STARTED: Record<Part['kind'], RegExp> = {
  gateway: /gateway (http:\/\/\S+)\/graphql/,
  subgraph: /subgraph (http:\/\/\S+?)\/?\s/,
  worker: /bundle worker (http:\/\/\S+)/,
  backend: /(http:\/\/\S+)/,
};

/** The parts that run several times here: the gateway, the five subgraphs and the bundle worker. */
const SCALED: Part[] = [...SUBGRAPHS, BUNDLE_WORKER, GATEWAY];

/**
 * `count` instances of each scaled part over already running stand-ins (`backendUrls`, by
 * stand-in name), with this environment. Services runs without its in-process worker: the
 * bundle-worker instances do that work.
 */
export async function startInstances(count: number, env: NodeJS.ProcessEnv, backendUrls: Record<string, string>): Promise<Instances> {
  const ports = await freePorts(SCALED.length * (count + 1));
  const byPart: Record<string, Instance[]> = {};
  const balancers: Record<string, RoundRobin> = {};
  for (const part of SCALED) {
    byPart[part.id] = Array.from({ length: count }, (_, index) => {
      const port = ports.pop()!;
      return { part, index, port, url: `http://127.0.0.1:${port}` };
    });
    balancers[part.id] = await startRoundRobin(byPart[part.id].map((i) => i.url));
  }
  const routed: NodeJS.ProcessEnv = {
    ...env,
    ...Object.fromEntries(BACKENDS.map((b) => [b.urlVariables.direct, backendUrls[b.name]])),
    ...Object.fromEntries(SUBGRAPHS.flatMap((s) => [
      [s.urlVariables.gateway!, `${balancers[s.id].url}${s.path}`],
      [s.urlVariables.direct!, `${balancers[s.id].url}${s.path}`],
    ])),
    BUNDLE_WORKER: 'false',
  };

  const start = async (instance: Instance) => {
    instance.process = await startPart(instance.part.entry, { ...routed, [instance.part.portVariable]: String(instance.port) }, STARTED[instance.part.kind]);
    await waitReady(instance);
  };
  // Services first (its store's migrations), then the others of a kind together.
  for (const id of ['services', ...SCALED.map((p) => p.id).filter((id) => id !== 'services')]) {
    for (const instance of byPart[id]) await start(instance);
  }
  const all = () => Object.values(byPart).flat();
  return {
    graphql: `${balancers.gateway.url}/graphql`,
    byPart,
    all,
    start,
    stop: async () => {
      for (const i of all()) if (i.process && i.process.child.exitCode === null && i.process.child.signalCode === null) i.process.child.kill('SIGKILL');
      await Promise.all(all().map((i) => i.process?.exited));
      await Promise.all(Object.values(balancers).map((b) => b.close()));
    },
  };
}

/** Until /health/ready answers 200 (a loaded machine: up to two minutes). */
async function waitReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${instance.url}/health/ready`).catch((e: Error) => e);
    if (!(res instanceof Error) && res.status === 200) return;
    last = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${instance.part.id}#${instance.index} not ready within 120 s: ${last}\n${instance.process?.output()}`);
}
