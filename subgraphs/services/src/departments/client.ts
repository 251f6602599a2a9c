import { factsOver, type DepartmentFacts } from './facts.ts';
import { departmentPoster, type SubgraphUrls } from './subgraphs.ts';
import { writesOver, type DepartmentWrites } from './writes.ts';

/**
 * The department client: everything services asks of the department subgraphs, in one place. It
 * owns their URLs (subgraphs.ts: readSubgraphUrls), the signed calls, the precondition reads
 * (facts.ts: what a bundle's preconditions are judged on) and the bundle steps' writes
 * (writes.ts). The department subgraphs, for their part, call services only to append the
 * refusals of direct calls to the access record (recordAccesses, through @district/audit's writer).
 * Tests use the fake beside it (fake.ts), which keeps the same contract.
 */
export interface DepartmentClient extends DepartmentFacts, DepartmentWrites {}

/** How long a bundle submission waits for the departments' facts (BUNDLE_PRECHECK_TIMEOUT_MS's default). */
export const FACTS_TIMEOUT_MS = 5_000;
/** How long the worker waits for a department write; a step's lease must outlast it. */
export const WRITE_TIMEOUT_MS = 10_000;

export interface DepartmentClientOptions {
  urls: SubgraphUrls;
  /** Signs the request context (SUBGRAPH_CONTEXT_KEY); default the development key. */
  contextKey?: string;
  factsTimeoutMs?: number;
  writeTimeoutMs?: number;
}

export function createDepartmentClient(options: DepartmentClientOptions): DepartmentClient {
  const { urls, contextKey } = options;
  const facts = factsOver(departmentPoster({ urls, contextKey, timeoutMs: options.factsTimeoutMs ?? FACTS_TIMEOUT_MS }));
  const writes = writesOver(departmentPoster({ urls, contextKey, timeoutMs: options.writeTimeoutMs ?? WRITE_TIMEOUT_MS }));
  return { exitFacts: facts.exitFacts, registry: facts.registry, buildingOf: facts.buildingOf, enterprise: facts.enterprise, write: writes.write };
}
