/** Walking a cursor-paginated list in tests. */
import { expect } from 'vitest';
import type { Actor, HttpHarness } from './http-harness.ts';

/**
 * The `key` of every item of the list at `url` (no query string), read `limit` at a time by following
 * nextCursor; each page must be 200 and no item may come twice.
 */
export async function collectPages(
  h: HttpHarness,
  actor: Actor,
  url: string,
  key = 'id',
  limit = 2,
): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await h.call(actor, { url: `${url}?limit=${limit}${q}` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Record<string, string>[]; nextCursor: string | null };
    expect(body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...body.items.map((item) => item[key]!));
    cursor = body.nextCursor;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  return seen;
}
