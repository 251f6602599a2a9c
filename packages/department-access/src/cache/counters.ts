/** Plain numbers for a metrics endpoint to read (a Prometheus collector, a health page); they only grow. */
export interface CacheCounters {
  /** Fresh answers, from either tier. */
  hits: number;
  localHits: number;
  sharedHits: number;
  /** Callers that waited for a load another caller had started (single flight). */
  coalesced: number;
  /** Keys found in neither tier (or too old), and so asked of the loader. */
  misses: number;
  /** Keys read past the cache on purpose (a fresh read: a precondition check), and so asked of the loader. */
  bypassed: number;
  /** Calls to a loader (one per batch of misses). */
  loads: number;
  loadErrors: number;
  staleServed: number;
  /** Shared store operations that failed (Redis down or slow); each read went through to the loader. */
  errors: number;
  /** Keys this instance invalidated, and keys other instances told it to drop. */
  invalidations: number;
  invalidationsReceived: number;
}

export const newCounters = (): CacheCounters => ({
  hits: 0, localHits: 0, sharedHits: 0, coalesced: 0, misses: 0, bypassed: 0, loads: 0, loadErrors: 0,
  staleServed: 0, errors: 0, invalidations: 0, invalidationsReceived: 0,
});
