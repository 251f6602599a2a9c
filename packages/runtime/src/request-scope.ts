import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a process knows of the request it is working on, wherever it is in the code: its id (on
 * every log line, logger.ts) and the departments it reached (the per-request log line). Set by
 * the HTTP fronts (gateway, subgraph-kit) for the time of one request; the department transport
 * and the gateway's subgraph calls add to it.
 */
export interface RequestScope {
  requestId: string;
  /** Departments this request reached (a department system at a subgraph; a subgraph's at the gateway). */
  departments: Set<string>;
  /** The operations served, as their metric labels (operation-metrics.ts): names, never query text. */
  operations: string[];
  /** The caller's role, once known (the gateway's authenticated caller; a subgraph's verified context). */
  role?: string;
  /** ok, partial or error: the worst outcome of the operations served. */
  outcome?: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function inRequestScope<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId, departments: new Set(), operations: [] }, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Notes that the current request reached this department (no-op outside a request). */
export function touchDepartment(department: string): void {
  storage.getStore()?.departments.add(department);
}
