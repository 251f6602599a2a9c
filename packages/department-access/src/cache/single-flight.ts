/**
 * The loads in flight in this process, one per record: a caller that misses while another caller
 * is already loading the same record waits for that load instead of starting a second backend
 * call. A flight settles with a value or an Error and never rejects, so a flight nobody awaits
 * cannot become an unhandled rejection.
 */
export interface Flight<T> {
  readonly promise: Promise<T | Error>;
  /** Set when the record was invalidated while loading: the result is served, never cached. */
  invalidated: boolean;
  settled: boolean;
  settle(outcome: T | Error): void;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  get size(): number {
    return this.flights.size;
  }

  get(id: string): Flight<T> | undefined {
    return this.flights.get(id);
  }

  /** Registers a new flight for `id`. Synchronous, so no other caller can slip in between check and claim. */
  claim(id: string): Flight<T> {
    let resolve!: (outcome: T | Error) => void;
    const flight: Flight<T> = {
      promise: new Promise<T | Error>((r) => (resolve = r)),
      invalidated: false,
      settled: false,
      settle(outcome) {
        if (flight.settled) return;
        flight.settled = true;
        resolve(outcome);
      },
    };
    this.flights.set(id, flight);
    return flight;
  }

  /** Ends a flight, unless it was already replaced by a newer one for the same id. */
  release(id: string, flight: Flight<T>): void {
    if (this.flights.get(id) === flight) this.flights.delete(id);
  }

  /**
   * A write made the record stale: callers from now on start a new load rather than join one that
   * began before the write (so nobody reads their own change back stale), and the old load's
   * result is not cached.
   */
  invalidate(id: string): void {
    const flight = this.flights.get(id);
    if (!flight) return;
    flight.invalidated = true;
    this.flights.delete(id);
  }

  invalidateAll(): void {
    for (const id of [...this.flights.keys()]) this.invalidate(id);
  }
}
