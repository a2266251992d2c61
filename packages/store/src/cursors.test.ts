import { describe, expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { Cursors } from './cursors.ts';
import { installationSecret } from './settings.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('pagination cursors', () => {
  const cursors = new Cursors();
  const encodeCursor = (c: typeof cursor) => cursors.encode(c);
  const decodeCursor = (c: string, sort: string) => cursors.decode(c, sort);
  const cursor = { s: 'name', k: '甲一', id: '01JABCDEF' };
  it('decode when this API gave them out', () => {
    expect(decodeCursor(encodeCursor(cursor), 'name')).toEqual(cursor);
  });
  it('are INVALID_CURSOR when edited, unsigned or signed with another secret', () => {
    const good = encodeCursor(cursor);
    const [body, sig] = good.split('.') as [string, string];
    const edited = Buffer.from(JSON.stringify({ ...cursor, k: 1 })).toString('base64url');
    for (const bad of [
      `${edited}.${sig}`, // another key under the same signature
      body, // no signature
      `${body}.${sig.slice(0, -2)}`, // a shortened signature
      `${body}.${'A'.repeat(sig.length)}`,
      'garbage',
      '.',
    ])
      expect(
        codeOf(() => decodeCursor(bad, 'name')),
        bad,
      ).toBe('INVALID_CURSOR');
    cursors.useSecret('another installation');
    expect(codeOf(() => decodeCursor(good, 'name'))).toBe('INVALID_CURSOR');
    expect(decodeCursor(encodeCursor(cursor), 'name')).toEqual(cursor);
  });
  it('are INVALID_CURSOR for another sort', () => {
    expect(codeOf(() => decodeCursor(encodeCursor(cursor), 'createdAt'))).toBe('INVALID_CURSOR');
  });
});

forEachDb('the installation secret', (t) => {
  it('is made once and then read by every caller, also by callers at the same time', async () => {
    const name = `test-secret-${Math.random()}`;
    const all = await Promise.all([1, 2, 3, 4].map(() => installationSecret(t.db, name)));
    expect(new Set(all).size).toBe(1);
    expect(all[0]).toMatch(/^[\w-]{43}$/);
    expect(await installationSecret(t.db, name)).toBe(all[0]);
    expect(await installationSecret(t.db, `${name}-other`)).not.toBe(all[0]);
  });
});
