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
 * One request's freshness: what it demands of the caches, and the stale copies it was served.
 * A precondition check (前置条件核验) must read what the department holds now; its system caller
 * says so in the signed context (`fresh`), and every read of the request then goes past the
 * caches (DepartmentReads).
 */
export class FreshnessReport {
  private readonly notices = new Map<string, StaleNotice>();
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

  /** Notices a subgraph reported (the gateway gathers them from every subgraph it called). */
  merge(notices: readonly StaleNotice[]): void {
    for (const n of notices) this.keepOldest(n);
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

/** Adds `extensions.stale` to a response whose context carries a non-empty FreshnessReport. */
export function freshnessPlugin<C extends { freshness?: FreshnessReport }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const stale = contextValue.freshness?.all ?? [];
          if (!stale.length || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, stale };
        },
      };
    },
  };
}
