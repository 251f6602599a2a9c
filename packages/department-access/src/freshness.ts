import type { ApolloServerPlugin } from '@apollo/server';
import type { StaleInfo } from './cache/index.ts';
import type { Caller } from '@district/domain';
import type { Department } from '@district/domain';

/**
 * Stale-if-error, made visible: when a department failed and a recent cached copy was served
 * instead, the response says so in `extensions.stale` — one entry per department and reason,
 * with the oldest copy's age — so a dashboard can show "as of 10:42".
 */
export interface StaleNotice {
  department: Department;
  /** Age of the oldest stale copy served, seconds. */
  ageSeconds: number;
  /** When that copy was read from the department (ISO 8601). */
  asOf: string;
  /** Why it could not be refreshed (TIMEOUT, OUTAGE, CIRCUIT_OPEN, ...). */
  reason: string;
}

/**
 * How fresh an answer served from the cache is (数据时间): per department, the oldest fresh copy the
 * request was served from the cache — within its record kind's time to live, or kept there by the
 * refresher — so a dashboard answered without asking the departments can show "as of 10:42".
 * Records read from the department for this very answer add nothing.
 */
export interface CachedNotice {
  department: Department;
  /** When the oldest copy served was read from the department (ISO 8601). */
  asOf: string;
  ageSeconds: number;
}

/**
 * One request's freshness: what it demands of the caches, and the stale copies it was served.
 * A precondition check (前置条件核验) must read what the department holds now; its system caller
 * says so in the signed context (`fresh`), and every read of the request then goes past the
 * caches (DepartmentReads).
 */
export class FreshnessReport {
  private readonly notices = new Map<string, StaleNotice>();
  private readonly cached = new Map<Department, CachedNotice>();
  /** Every department read of this request goes past the caches. */
  readonly mustBeFresh: boolean;

  constructor(options: { fresh?: boolean } = {}) {
    this.mustBeFresh = options.fresh === true;
  }

  /** The report for a request by `caller`: fresh reads only for a system caller that asks for them. */
  static for(caller: Caller | undefined): FreshnessReport {
    return new FreshnessReport({ fresh: caller?.role === 'system' && caller.fresh === true });
  }

  record(department: Department, stale: StaleInfo): void {
    this.keepOldest({ department, ageSeconds: Math.round(stale.ageMs / 1000), asOf: new Date(stale.writtenAt).toISOString(), reason: stale.reason });
  }

  /** A fresh copy of `department`'s, read from it at `writtenAt`, was served from the cache. */
  served(department: Department, writtenAt: number, now = Date.now()): void {
    const seen = this.cached.get(department);
    if (seen && Date.parse(seen.asOf) <= writtenAt) return;
    this.cached.set(department, { department, asOf: new Date(writtenAt).toISOString(), ageSeconds: Math.max(0, Math.round((now - writtenAt) / 1000)) });
  }

  /** Notices a subgraph reported (the gateway gathers them from every subgraph it called). */
  merge(notices: readonly StaleNotice[], cached: readonly CachedNotice[] = []): void {
    for (const n of notices) this.keepOldest(n);
    for (const c of cached) {
      const seen = this.cached.get(c.department);
      if (!seen || Date.parse(seen.asOf) > Date.parse(c.asOf)) this.cached.set(c.department, c);
    }
  }

  /** Per department, the oldest fresh copy served from the cache (extensions.asOf). */
  get servedFromCache(): CachedNotice[] {
    return [...this.cached.values()];
  }

  /** One notice per department and reason: the oldest copy's. */
  private keepOldest(notice: StaleNotice): void {
    const key = `${notice.department}:${notice.reason}`;
    const seen = this.notices.get(key);
    if (!seen || seen.ageSeconds < notice.ageSeconds) this.notices.set(key, notice);
  }

  get all(): StaleNotice[] {
    return [...this.notices.values()];
  }
}

/** Adds `extensions.stale` and `extensions.asOf` to a response whose context's FreshnessReport has them. */
export function freshnessPlugin<C extends { freshness?: FreshnessReport }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const stale = contextValue.freshness?.all ?? [];
          const asOf = contextValue.freshness?.servedFromCache ?? [];
          if ((!stale.length && !asOf.length) || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, ...(stale.length ? { stale } : {}), ...(asOf.length ? { asOf } : {}) };
        },
      };
    },
  };
}
