import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A refresh budget (刷新预算): at most `perSecond` department calls per second for keeping the
 * cache warm, spaced evenly (one call every 1000/perSecond ms, no bursts), so the budget holds in
 * any window, not only on average, and user traffic keeps the rest of the department's rate limit.
 * Calls take their turn in order of asking.
 */
export class RefreshBudget {
  private next = 0;
  /** Calls granted since start (tests and metrics). */
  granted = 0;

  constructor(readonly perSecond: number, private readonly now: () => number = Date.now, private readonly sleep = defaultSleep) {
    if (!(perSecond > 0)) throw new TypeError(`a refresh budget needs perSecond > 0, got ${perSecond}`);
  }

  /** Milliseconds between two calls. */
  get spacingMs(): number {
    return 1000 / this.perSecond;
  }

  /** Resolves when the next call may go out; the slot is reserved at once, so callers are served in order. */
  async take(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.spacingMs;
    this.granted++;
    if (at > now) await this.sleep(at - now);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * The refresh lane: a refresh runs its reads inside it, and the transport takes a turn of the
 * lane's budget before each call it makes there (retries included). Reads of user requests run
 * outside it and are never paced. Async context, because the calls happen deep below the loaders
 * and DepartmentReads, which need not know whether they serve a user or the refresher.
 */
const lane = new AsyncLocalStorage<RefreshBudget>();

export function inRefreshLane<T>(budget: RefreshBudget, run: () => Promise<T>): Promise<T> {
  return lane.run(budget, run);
}

/** What the transport awaits before a call: a turn of the budget inside the refresh lane, nothing outside it. */
export function refreshTurn(): Promise<void> | undefined {
  return lane.getStore()?.take();
}
