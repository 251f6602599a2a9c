/**
 * 部件清单: the parts of the stack, written once. `npm start`, the bench, the test kit, composition,
 * the gateway's and every part's defaults read this list; nothing else names the parts, their
 * ports or the variables that point at them. A new department subgraph is one subgraph entry and
 * one backend entry here (and its folder).
 *
 * The default ports are the outside contract (CONTRACT.md: 4000, 4001–4005, 5001–5004).
 */

/** 部门: as the GraphQL enum `Department` spells it (@district/domain's Department). */
export type PartDepartment = 'MARKET' | 'TAX' | 'MEDICAL_INSURANCE' | 'REAL_ESTATE' | 'SERVICES';

/**
 * Who reads a URL variable: `gateway` routes client operations to a subgraph (SUBGRAPH_<NAME>_URL,
 * over the supergraph's URL); `direct` is a part calling another itself: services a department
 * subgraph (<DEPT>_SUBGRAPH_URL), a department subgraph services (SERVICES_SUBGRAPH_URL), a
 * department subgraph its backend (<DEPT>_BACKEND_URL).
 */
export type UrlReader = 'gateway' | 'direct';

export interface Part {
  /** Unique among the parts: the subgraph's name, `<name>-backend` for a department stand-in, `gateway`, `bundle-worker`. */
  readonly id: string;
  /** The name the part goes by in its own code, logs and the supergraph (a backend shares its subgraph's). */
  readonly name: string;
  /** A worker serves only the operations surface (health, metrics) on its port: the bundle worker. */
  readonly kind: 'gateway' | 'subgraph' | 'worker' | 'backend';
  readonly department?: PartDepartment;
  /** Where it listens when nothing is set (CONTRACT.md). */
  readonly defaultPort: number;
  /** The variable that sets its port. */
  readonly portVariable: string;
  /** The variables that point at it, by who reads them. */
  readonly urlVariables: Readonly<Partial<Record<UrlReader, string>>>;
  /** What follows host and port in its URL: `/` for a subgraph (as the supergraph says), none for a backend (its clients add their paths). */
  readonly path: string;
  /** Its main module, from the repository root (the four stand-ins run as one process). */
  readonly entry: string;
  /** A subgraph's own schema, from the repository root. */
  readonly schema?: string;
}

const LISTED = [
  { id: 'gateway', name: 'gateway', kind: 'gateway', defaultPort: 4000, portVariable: 'GATEWAY_PORT', urlVariables: {}, path: '/graphql', entry: 'gateway/src/main.ts' },
  {
    id: 'market', name: 'market', kind: 'subgraph', department: 'MARKET', defaultPort: 4001, portVariable: 'MARKET_PORT',
    urlVariables: { gateway: 'SUBGRAPH_MARKET_URL', direct: 'MARKET_SUBGRAPH_URL' }, path: '/', entry: 'subgraphs/market/src/main.ts', schema: 'subgraphs/market/src/schema.graphql',
  },
  {
    id: 'tax', name: 'tax', kind: 'subgraph', department: 'TAX', defaultPort: 4002, portVariable: 'TAX_PORT',
    urlVariables: { gateway: 'SUBGRAPH_TAX_URL', direct: 'TAX_SUBGRAPH_URL' }, path: '/', entry: 'subgraphs/tax/src/main.ts', schema: 'subgraphs/tax/src/schema.graphql',
  },
  {
    id: 'medical-insurance', name: 'medical-insurance', kind: 'subgraph', department: 'MEDICAL_INSURANCE', defaultPort: 4003, portVariable: 'MEDICAL_INSURANCE_PORT',
    urlVariables: { gateway: 'SUBGRAPH_MEDICAL_INSURANCE_URL', direct: 'MEDICAL_INSURANCE_SUBGRAPH_URL' }, path: '/', entry: 'subgraphs/medical-insurance/src/main.ts', schema: 'subgraphs/medical-insurance/src/schema.graphql',
  },
  {
    id: 'real-estate', name: 'real-estate', kind: 'subgraph', department: 'REAL_ESTATE', defaultPort: 4004, portVariable: 'REAL_ESTATE_PORT',
    urlVariables: { gateway: 'SUBGRAPH_REAL_ESTATE_URL', direct: 'REAL_ESTATE_SUBGRAPH_URL' }, path: '/', entry: 'subgraphs/real-estate/src/main.ts', schema: 'subgraphs/real-estate/src/schema.graphql',
  },
  {
    id: 'services', name: 'services', kind: 'subgraph', department: 'SERVICES', defaultPort: 4005, portVariable: 'SERVICES_PORT',
    urlVariables: { gateway: 'SUBGRAPH_SERVICES_URL', direct: 'SERVICES_SUBGRAPH_URL' }, path: '/', entry: 'subgraphs/services/src/main.ts', schema: 'subgraphs/services/src/schema.graphql',
  },
  // 一件事一次办's worker as its own process (services with BUNDLE_WORKER=false beside it): its port serves health and metrics only.
  { id: 'bundle-worker', name: 'bundle-worker', kind: 'worker', defaultPort: 4006, portVariable: 'BUNDLE_WORKER_PORT', urlVariables: {}, path: '/', entry: 'subgraphs/services/src/worker-main.ts' },
  { id: 'market-backend', name: 'market', kind: 'backend', department: 'MARKET', defaultPort: 5001, portVariable: 'MARKET_BACKEND_PORT', urlVariables: { direct: 'MARKET_BACKEND_URL' }, path: '', entry: 'backends/src/main.ts' },
  { id: 'tax-backend', name: 'tax', kind: 'backend', department: 'TAX', defaultPort: 5002, portVariable: 'TAX_BACKEND_PORT', urlVariables: { direct: 'TAX_BACKEND_URL' }, path: '', entry: 'backends/src/main.ts' },
  {
    id: 'medical-insurance-backend', name: 'medical-insurance', kind: 'backend', department: 'MEDICAL_INSURANCE', defaultPort: 5003, portVariable: 'MEDICAL_INSURANCE_BACKEND_PORT',
    urlVariables: { direct: 'MEDICAL_INSURANCE_BACKEND_URL' }, path: '', entry: 'backends/src/main.ts',
  },
  {
    id: 'real-estate-backend', name: 'real-estate', kind: 'backend', department: 'REAL_ESTATE', defaultPort: 5004, portVariable: 'REAL_ESTATE_BACKEND_PORT',
    urlVariables: { direct: 'REAL_ESTATE_BACKEND_URL' }, path: '', entry: 'backends/src/main.ts',
  },
] as const satisfies readonly Part[];

/** Every part: the gateway, the subgraphs, the bundle worker, the department stand-ins. */
export const PARTS: readonly Part[] = LISTED;

type Listed = (typeof LISTED)[number];
export type PartId = Listed['id'];
export type SubgraphPart = Extract<Listed, { kind: 'subgraph' }>;
export type BackendPart = Extract<Listed, { kind: 'backend' }>;
/** market, tax, medical-insurance, real-estate, services. */
export type SubgraphName = SubgraphPart['name'];
/** The department stand-ins by name: market, tax, medical-insurance, real-estate. */
export type BackendName = BackendPart['name'];

const isSubgraph = (p: Listed): p is SubgraphPart => p.kind === 'subgraph';
const isBackend = (p: Listed): p is BackendPart => p.kind === 'backend';

export const GATEWAY: Part = LISTED[0];
/** The bundle worker's own process (subgraphs/services/src/worker-main.ts). */
export const BUNDLE_WORKER: Part = LISTED.find((p) => p.kind === 'worker')!;
/** The subgraphs in composition order: the four departments', then services. */
export const SUBGRAPHS: readonly SubgraphPart[] = LISTED.filter(isSubgraph);
/** The department stand-ins (one process, `backends/src/main.ts`). */
export const BACKENDS: readonly BackendPart[] = LISTED.filter(isBackend);
export const SUBGRAPH_NAMES = SUBGRAPHS.map((p) => p.name);
export const BACKEND_NAMES = BACKENDS.map((p) => p.name);

/** The part of this id; an id not in the list is a programming error. */
export function partOf(id: PartId): Part {
  const part = LISTED.find((p) => p.id === id);
  if (!part) throw new Error(`no part "${id}" in packages/parts`);
  return part;
}

/** The subgraph that serves a department's fields (services for SERVICES). */
export function subgraphOf(department: PartDepartment): SubgraphPart {
  const part = SUBGRAPHS.find((p) => p.department === department);
  if (!part) throw new Error(`no subgraph for ${department} in packages/parts`);
  return part;
}

/** The stand-in a subgraph wraps, if it wraps one (services has none). */
export function backendOf(subgraph: SubgraphName): BackendPart | undefined {
  const department = SUBGRAPHS.find((p) => p.name === subgraph)?.department;
  return BACKENDS.find((p) => p.department === department);
}

/** The department each subgraph's fields and failures are reported under, by subgraph name. */
export const SUBGRAPH_DEPARTMENTS: Readonly<Record<SubgraphName, PartDepartment>> = Object.fromEntries(SUBGRAPHS.map((p) => [p.name, p.department])) as Record<SubgraphName, PartDepartment>;
