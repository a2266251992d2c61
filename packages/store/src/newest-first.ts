/**
 * Keyset pagination newest first, for lists ordered by id alone (UUIDv7 ids sort in creation order): the
 * cursor carries the last id of a page, and the next page is the rows with smaller ids.
 */
import type { Cursors } from './cursors.ts';

const SORT = 'newest';

/**
 * one page: `fetch(beforeId, take)` returns up to `take` rows with id < beforeId (all rows when undefined),
 * ordered by id descending. INVALID_CURSOR for a cursor this API did not give out for this order.
 */
export async function newestFirst<R extends { id: string }>(
  cursors: Cursors,
  o: { limit: number; cursor?: string | undefined },
  fetch: (beforeId: string | undefined, take: number) => Promise<R[]>,
): Promise<{ rows: R[]; nextCursor: string | null }> {
  const before = o.cursor ? cursors.decode(o.cursor, SORT).id : undefined;
  const rows = await fetch(before, o.limit + 1);
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > o.limit && last ? cursors.encode({ s: SORT, k: null, id: last.id }) : null,
  };
}
