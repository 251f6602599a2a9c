/**
 * 部署模型: what deploy/ says about each process, derived from the parts list (@district/parts) so
 * that compose.yaml and the Kubernetes base cannot drift from it: a part added there appears in
 * both at the next `npm run deploy:manifests` (the deploy test fails until then).
 *
 * Who calls whom (the NetworkPolicy's rules, compose's start order) is read from the code:
 * the gateway calls every subgraph; services calls the department subgraphs (the steps of a
 * bundle); the department subgraphs call services (their refusals go on the access record); the
 * bundle worker, where there is one, calls the subgraphs as services does; a department subgraph
 * calls its department's system (the stand-ins in development).
 */
import { PARTS, SUBGRAPHS, type Part } from '@district/parts';
import { backendCredentialsSchema } from '@district/backends/credentials';
import { STACK_PROCESSES, type StackProcess } from '../processes.ts';

export const APP = 'district-graph';
export const IMAGE = 'district-graph';
/** The shutdown grace every process gets (SHUTDOWN_GRACE_MS), and the pause before SIGTERM while endpoints drop the pod. */
export const SHUTDOWN_GRACE_MS = 15_000;
export const PRE_STOP_SECONDS = 5;
/** Above preStop + grace, with a margin for the last flush: Kubernetes kills at this. */
export const TERMINATION_GRACE_SECONDS = PRE_STOP_SECONDS + SHUTDOWN_GRACE_MS / 1000 + 10;

export type Kind = 'gateway' | 'subgraph' | 'backend' | 'worker';
export interface Deployable {
  /** The process name: part.js's argument, the Deployment's and Service's name after `district-`. */
  name: string;
  kind: Kind;
  parts: Part[];
  /** Process names allowed to call it (NetworkPolicy); `*` = anyone (the gateway). */
  callers: string[] | '*';
  /** Secret keys it reads (district-secrets). */
  secrets: string[];
  /** Settings of its own, beside the shared ones. */
  env: Record<string, string>;
  /** Probe paths: the health endpoints; the stand-ins have only their control surface. */
  live: string;
  ready: string;
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  /** Scaled by a HorizontalPodAutoscaler. */
  autoscaled: boolean;
}

const upper = (name: string) => name.toUpperCase().replaceAll('-', '_');
const DEPARTMENT_SUBGRAPHS = SUBGRAPHS.filter((s) => s.name !== 'services').map((s) => s.id);
const WORKERS = STACK_PROCESSES.filter((p) => !['gateway', 'subgraph', 'backend'].includes(p.parts[0].kind)).map((p) => p.name);
const CREDENTIALS = Object.keys(backendCredentialsSchema.shape);
/** Who keeps the store: services and the bundle worker. */
const DATABASE_USERS = new Set(['services', ...WORKERS]);

const RESOURCES: Record<Kind, Deployable['resources']> = {
  gateway: { requests: { cpu: '500m', memory: '384Mi' }, limits: { cpu: '2', memory: '1Gi' } },
  subgraph: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  worker: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '500m', memory: '384Mi' } },
  // The stand-ins hold the whole generated district in memory.
  backend: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
};

function kindOf(p: StackProcess): Kind {
  const kind = p.parts[0].kind as string;
  return kind === 'gateway' || kind === 'subgraph' || kind === 'backend' ? kind : 'worker';
}

function callersOf(p: StackProcess, kind: Kind): Deployable['callers'] {
  if (kind === 'gateway') return '*';
  if (kind === 'backend') return DEPARTMENT_SUBGRAPHS;
  if (kind === 'worker') return [];
  if (p.name === 'services') return ['gateway', ...DEPARTMENT_SUBGRAPHS, ...WORKERS];
  return ['gateway', 'services', ...WORKERS];
}

function secretsOf(p: StackProcess, kind: Kind): string[] {
  const credentials = CREDENTIALS.filter((c) => p.parts.some((part) => c.startsWith(`${upper(part.name)}_`)));
  if (kind === 'backend') return credentials;
  // services signs certificates (证明); the bundle worker, though it shares services' store, does not.
  return ['SUBGRAPH_CONTEXT_KEY', 'REDIS_URL', ...(DATABASE_USERS.has(p.name) ? ['DATABASE_URL'] : []), ...(kind === 'subgraph' ? credentials : []), ...(p.name === 'services' ? ['CERTIFICATE_SIGNING_KEY'] : [])];
}

export const DEPLOYABLES: readonly Deployable[] = STACK_PROCESSES.map((p): Deployable => {
  const kind = kindOf(p);
  return {
    name: p.name, kind, parts: p.parts, callers: callersOf(p, kind), secrets: secretsOf(p, kind),
    // Where the bundle worker runs as its own process, services does not run it too.
    env: (p.name === 'services' && WORKERS.length ? { BUNDLE_WORKER: 'off' } : {}) as Record<string, string>,
    live: kind === 'backend' ? '/__sim/stats' : '/health/live',
    ready: kind === 'backend' ? '/__sim/stats' : '/health/ready',
    resources: RESOURCES[kind], autoscaled: kind === 'gateway' || kind === 'subgraph',
  };
});

/**
 * Where each process finds the others, by host name (`host(name)`: the Service or compose service):
 * the gateway's SUBGRAPH_<NAME>_URL, the direct <NAME>_SUBGRAPH_URL, and, when the stand-ins run
 * beside them, <DEPT>_BACKEND_URL.
 */
export function peerUrls(host: (name: string) => string, withBackends: boolean): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const d of DEPLOYABLES) {
    for (const part of d.parts) {
      if (part.kind === 'backend' && !withBackends) continue;
      for (const variable of Object.values(part.urlVariables)) urls[variable] = `http://${host(d.name)}:${part.defaultPort}${part.path}`;
    }
  }
  return urls;
}

/** Settings every process of a deployment shares (not secret). */
export const COMMON_SETTINGS: Record<string, string> = {
  NODE_ENV: 'production',
  LISTEN_HOST: '0.0.0.0',
  GATEWAY_HOST: '0.0.0.0',
  SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
  CACHE_PREFIX: 'district',
};

export { PARTS };
