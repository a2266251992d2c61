/**
 * Keyset cursors. A cursor is its JSON in base64url, a dot, and an HMAC-SHA256 of that text (16 bytes,
 * base64url) under the installation's cursor secret. Only cursors this API gave out decode: a forged or edited
 * one is INVALID_CURSOR before it reaches a query (where a key of the wrong type could otherwise fail in the
 * database). Each open database has its own `Cursors` (`db.cursors`); the server gives it the secret at start
 * (ICPDESK_SECRET, else the one stored in `settings`, so that every process on the database agrees); until
 * then it signs with a random key of its own.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { cursorNotOurs, RepoError } from './scope.ts';

/** a cursor: the sort it belongs to, the sort key of the last row and its id */
export interface Cursor {
  s: string;
  k: string | number | null;
  id: string;
}

export class Cursors {
  private key: Buffer = randomBytes(32);

  /** the key cursors are signed with from now on; cursors signed under another key no longer decode */
  useSecret(secret: string): void {
    this.key = createHash('sha256').update(`icpdesk cursor\0${secret}`).digest();
  }

  encode(c: Cursor): string {
    const body = Buffer.from(JSON.stringify(c)).toString('base64url');
    return `${body}.${this.signatureOf(body)}`;
  }

  /** INVALID_CURSOR unless the cursor is one this API gave out for the same sort */
  decode(cursor: string, sort: string): Cursor {
    const c = this.verified(cursor);
    const v = c as Cursor;
    const ok =
      typeof c === 'object' &&
      c !== null &&
      typeof v.s === 'string' &&
      typeof v.id === 'string' &&
      (typeof v.k === 'string' || typeof v.k === 'number' || v.k === null);
    if (!ok) throw new RepoError('INVALID_CURSOR', cursorNotOurs);
    if (v.s !== sort)
      throw new RepoError('INVALID_CURSOR', {
        zh: `该游标属于 sort=${v.s} 的排序`,
        en: `the cursor belongs to sort=${v.s}`,
      });
    return v;
  }

  private signatureOf(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16).toString('base64url');
  }

  /** the cursor's JSON when its signature is ours, else undefined */
  private verified(cursor: string): unknown {
    const dot = cursor.indexOf('.');
    if (dot < 0) return undefined;
    const body = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.signatureOf(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }
}
