import type { CachePolicy, TwoTierCache } from './cache/index.ts';
import type { Department } from './departments.ts';
import type { FreshnessReport } from './freshness.ts';
import type { DepartmentResilience } from './resilience.ts';

/**
 * The one path of a department read: cache first (per record kind, its own policy), then the
 * department behind retries and the circuit breaker, and a stale copy when the department fails
 * and a recent-enough one exists — reported in the request's FreshnessReport. DataLoader batch
 * functions call `batch`; what they get back has one entry per key, in order: a value, null for
 * "not found", or an Error for a key that could not be answered at all.
 */
export class DepartmentReads {
  constructor(
    readonly department: Department,
    private readonly cache: TwoTierCache | null,
    readonly resilience: DepartmentResilience,
    private readonly policies: Record<string, CachePolicy>,
  ) {}

  async batch<V>(
    kind: string,
    keys: readonly string[],
    fetch: (missing: string[]) => Promise<Map<string, V | null>>,
    freshness?: FreshnessReport,
  ): Promise<Array<V | null | Error>> {
    const fetchGuarded = (missing: string[]) => this.resilience.read(() => fetch(missing));
    if (!this.cache) {
      try {
        const found = await fetchGuarded([...keys]);
        return keys.map((k) => found.get(k) ?? null);
      } catch (error) {
        return keys.map(() => error as Error);
      }
    }
    const policy = this.policies[kind];
    if (!policy) throw new Error(`no cache policy for ${this.department} record kind "${kind}"`);
    const results = await this.cache.loadMany<V>(kind, [...keys], fetchGuarded, policy);
    return results.map((r) => {
      if (r instanceof Error) return r;
      if (r.stale) freshness?.record(this.department, r.stale);
      return r.value;
    });
  }

  /** After a write: every instance drops what the write made stale. */
  async invalidate(kind: string, keys: readonly string[]): Promise<void> {
    await this.cache?.invalidate(kind, [...keys]);
  }
}
