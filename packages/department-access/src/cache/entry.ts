import type { Department } from '@district/domain';
import { DepartmentUnavailableError, type UnavailableReason } from '@district/domain';

/**
 * What every cached record looks like, in either tier and in the shared store: the value (null
 * means "the department says it does not exist") and when it was written, so any reader can tell
 * its age whichever instance wrote it. Values must survive JSON: the in-process store serialises
 * too, so a value that Redis would mangle (a Date, a Map, undefined) is mangled in tests as well.
 */
export interface CacheEntry<V = unknown> {
  value: V | null;
  /** Epoch milliseconds, from the writing instance's clock. */
  writtenAt: number;
}

/** How long one kind of record may be reused. Each kind has its own (credit grade: a day; arrears: minutes). */
export interface CachePolicy {
  /** A copy younger than this is served as fresh, without asking the department. */
  ttlMs: number;
  /**
   * A copy younger than this is served, marked stale, when the department fails. Copies are kept
   * in the store for max(ttlMs, staleIfErrorMs) so they are still there when needed. 0: never.
   */
  staleIfErrorMs: number;
  /** Freshness of a cached "not found" (null); defaults to ttlMs. */
  negativeTtlMs?: number;
}

/** Why a value is not fresh: its age and what went wrong when we tried to refresh it. */
export interface StaleInfo {
  ageMs: number;
  writtenAt: number;
  reason: UnavailableReason;
  department?: Department;
}

/** One key's answer: fresh when `stale` is absent. */
export interface CacheResult<V> {
  value: V | null;
  stale?: StaleInfo;
}

export function assertPolicy(kind: string, policy: CachePolicy): void {
  const ok = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n >= 0);
  if (!(policy.ttlMs > 0) || !ok(policy.ttlMs) || !ok(policy.staleIfErrorMs) || !ok(policy.negativeTtlMs)) {
    throw new TypeError(`cache policy for "${kind}" needs ttlMs > 0 and non-negative staleIfErrorMs/negativeTtlMs, got ${JSON.stringify(policy)}`);
  }
}

export const freshForMs = (policy: CachePolicy, value: unknown): number =>
  value === null ? (policy.negativeTtlMs ?? policy.ttlMs) : policy.ttlMs;

/** How long the store keeps an entry: long enough to be fresh, and then to be served stale. */
export const keepForMs = (policy: CachePolicy, value: unknown): number => Math.max(freshForMs(policy, value), policy.staleIfErrorMs);

export const isFresh = (entry: CacheEntry, policy: CachePolicy, now: number): boolean =>
  now - entry.writtenAt < freshForMs(policy, entry.value);

export const isServableStale = (entry: CacheEntry, policy: CachePolicy, now: number): boolean =>
  now - entry.writtenAt < policy.staleIfErrorMs;

/** A department being down is what stale copies are for; a bug or a business refusal must surface. */
export const defaultServeStaleOn = (error: unknown): boolean => error instanceof DepartmentUnavailableError;

/** The stale answer for a failed refresh, if the copy is young enough: its age, and why it could not be refreshed. */
export function staleAnswer<V>(entry: CacheEntry<V> | undefined, policy: CachePolicy, now: number, error: unknown): CacheResult<V> | undefined {
  if (!entry || !isServableStale(entry, policy, now)) return undefined;
  const cause = error instanceof DepartmentUnavailableError ? { reason: error.reason, department: error.department } : { reason: 'ERROR' as const };
  return { value: entry.value, stale: { ageMs: now - entry.writtenAt, writtenAt: entry.writtenAt, ...cause } };
}

/** The store's key for a record: kind and key, so invalidating one kind never touches another. */
export const entryId = (kind: string, key: string): string => `${kind}:${key}`;

export const encodeEntry = (entry: CacheEntry): string => JSON.stringify({ v: entry.value, at: entry.writtenAt });

/** Undefined for anything that is not an entry we wrote (a foreign or corrupted value is a miss). */
export function decodeEntry(text: string | null | undefined): CacheEntry | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const raw = JSON.parse(text) as { v?: unknown; at?: unknown };
    if (typeof raw !== 'object' || raw === null || typeof raw.at !== 'number' || !('v' in raw)) return undefined;
    return { value: deepFreeze(raw.v ?? null), writtenAt: raw.at };
  } catch {
    return undefined;
  }
}

/** A JSON round trip, so the first caller sees exactly what later callers will (no Dates, no undefined). */
export const jsonCopy = <T>(value: T): T => deepFreeze(value === undefined ? value : JSON.parse(JSON.stringify(value)));

/**
 * Values handed out are shared by every caller in the process (the in-process tier keeps the
 * object, not text): freezing makes a caller's edit throw instead of leaking to the next caller.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A cached value whose top level the caller owns: a shallow copy of a frozen object or array,
 * anything else as it is. GraphQL servers write onto the object a resolver returns
 * (@apollo/subgraph defines `__typename` on what `__resolveReference` gives back), which a frozen
 * value refuses; what lies below stays frozen and shared, so no deep copy is made.
 */
export function ownTopLevel<T>(value: T): T {
  if (!value || typeof value !== 'object' || !Object.isFrozen(value)) return value;
  return (Array.isArray(value) ? [...value] : { ...value }) as T;
}
