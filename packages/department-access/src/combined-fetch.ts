/** What one call for several record kinds answers for a key: each kind's record (absent or null: not found), or an Error for that key alone. */
export type KindRecords<K extends string, V> = { readonly [P in K]?: V | null };

/** One call for the misses of several kinds: `missing` keys, asking for `kinds`. */
export type FetchKinds<K extends string, V> = (missing: string[], kinds: K[]) => Promise<Map<string, KindRecords<K, V> | Error>>;

type Asked<V> = { missing: string[]; resolve: (records: Map<string, V | null | Error>) => void; reject: (error: unknown) => void };

/**
 * Merges the per-kind misses of one batch into one call. The cache's `loadMany` of each kind
 * either calls `fetch(kind, missing)` (after reading both tiers) or settles without fetching (all
 * hits, or all joined to other requests' flights); once every kind has done one or the other, the
 * misses go in one call: the missing keys, with the union of their missing kinds. Each kind gets
 * the records of its own misses (a key the call did not answer is null: "not found").
 *
 * A kind whose records are all in flight for another request settles when that request's call
 * does; only then does this batch send its own misses (rare: two requests overlapping on some
 * kinds of the same keys). It cannot wait in a cycle as long as a batch claims all its flights
 * in one synchronous pass (DepartmentReads.batchKinds does): it only ever joins flights claimed
 * before its own.
 */
export class CombinedFetch<K extends string, V> {
  private readonly waiting: Set<K>;
  private readonly asked = new Map<K, Asked<V>>();

  constructor(
    private readonly kinds: readonly K[],
    private readonly fetchKinds: FetchKinds<K, V>,
  ) {
    this.waiting = new Set(kinds);
  }

  /** The fetch of one kind's misses, as the cache's loadMany calls it. */
  fetch(kind: K, missing: string[]): Promise<Map<string, V | null | Error>> {
    return new Promise((resolve, reject) => {
      this.asked.set(kind, { missing, resolve, reject });
      this.waiting.delete(kind);
      this.fireWhenAllIn();
    });
  }

  /** A kind's loadMany has settled (it may have fetched nothing). */
  settled(kind: K): void {
    this.waiting.delete(kind);
    this.fireWhenAllIn();
  }

  private fireWhenAllIn(): void {
    if (this.waiting.size > 0 || this.asked.size === 0) return;
    const asked = [...this.asked];
    this.asked.clear();
    const keys = [...new Set(asked.flatMap(([, a]) => a.missing))];
    const kinds = this.kinds.filter((k) => asked.some(([kind]) => kind === k));
    // Called at once; a synchronous throw becomes a rejection, so no flight is left unanswered.
    new Promise<Map<string, KindRecords<K, V> | Error>>((resolve) => resolve(this.fetchKinds(keys, kinds))).then(
      (found) => {
        for (const [kind, a] of asked) {
          a.resolve(new Map(a.missing.map((key): [string, V | null | Error] => {
            const answer = found.get(key);
            return [key, answer instanceof Error ? answer : (answer?.[kind] ?? null)];
          })));
        }
      },
      (error: unknown) => { for (const [, a] of asked) a.reject(error); },
    );
  }
}
