/**
 * One page of a keyset-paginated list: the query fetched `limit + 1` rows in sort order, so that an extra
 * row says another page follows; its cursor points after the last row kept (signed by the database's Cursors).
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Cursor, Cursors } from './cursors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function pageFrom<R, T>(
  cursors: Cursors,
  rows: readonly R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (last: R) => Cursor,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode(cursorOf(last)) : null,
  };
}

/**
 * The condition "after the cursor's row" for a list sorted ascending by `column` then `id`:
 * column > k, or column = k and id > the cursor's id.
 */
export function afterKey(column: string, c: { k: string; id: string }): RawBuilder<SqlBool> {
  const col = sql.ref(column);
  return sql<SqlBool>`(${col} > ${c.k} or (${col} = ${c.k} and ${sql.ref('id')} > ${c.id}))`;
}
