/** @district/parts: the one list of the stack's parts, and where each listens (PORT_BASE, port and URL variables). */
export { BACKENDS, BACKEND_NAMES, BUNDLE_WORKER, GATEWAY, PARTS, SUBGRAPHS, SUBGRAPH_DEPARTMENTS, SUBGRAPH_NAMES, backendOf, partOf, subgraphOf } from './parts.ts';
export type { BackendName, BackendPart, Part, PartDepartment, PartId, SubgraphName, SubgraphPart, UrlReader } from './parts.ts';
export { PORT_BASE, PORT_BASE_MAX, localUrl, portBaseOf, portIsSet, portOf, portProblems, stackVariables, urlOf } from './ports.ts';
export { portsTable } from './table.ts';
export { builtPathOf } from './built.ts';
