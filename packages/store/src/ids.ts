/** Row ids: UUIDv7 text (RFC 9562), made in code so that both databases store the same kind of value. */
import { randomBytes, randomInt } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A new id: 48 bits of Unix milliseconds, a 12-bit counter, then 62 random bits. Within a process ids
 * strictly increase (the counter orders ids of the same millisecond, RFC 9562 method 1), so `order by id`
 * lists rows in creation order and an id serves as a pagination cursor.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = randomInt(0x800); // leaves room for at least 2048 more ids in the same millisecond
  } else if (++counter > 0xfff) {
    lastMs++; // the counter ran out (or the clock went back): borrow the next millisecond
    counter = randomInt(0x800);
  }
  const b = randomBytes(16);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8); // version 7, counter high bits
  b[7] = counter & 0xff;
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
