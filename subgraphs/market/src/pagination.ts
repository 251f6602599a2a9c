/**
 * Our pages (up to 200, any offset) over the registry's (page/pageSize, at most 100): the pages
 * of one size that cover [offset, offset + limit) in the fewest calls, then with the least
 * over-fetch. A page of 200 at offset 0 or 200 costs 2 calls; the default 20 costs 1.
 */
export interface PagePlan {
  pageSize: number;
  /** 1-based, as the registry counts. */
  firstPage: number;
  lastPage: number;
}

export function planPages(offset: number, limit: number, maxPageSize: number): PagePlan {
  // Nothing to list, but totalCount still needs one (tiny) call.
  if (limit === 0) return { pageSize: 1, firstPage: 1, lastPage: 1 };
  let best: (PagePlan & { calls: number; fetched: number }) | undefined;
  for (let size = maxPageSize; size >= 1; size--) {
    const first = Math.floor(offset / size);
    const last = Math.floor((offset + limit - 1) / size);
    const calls = last - first + 1;
    const fetched = calls * size;
    if (!best || calls < best.calls || (calls === best.calls && fetched < best.fetched)) {
      best = { pageSize: size, firstPage: first + 1, lastPage: last + 1, calls, fetched };
    }
  }
  const { pageSize, firstPage, lastPage } = best!;
  return { pageSize, firstPage, lastPage };
}
