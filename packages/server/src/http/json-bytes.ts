/**
 * The engine's results as UTF-8 JSON bytes, the same bytes as `Buffer.from(JSON.stringify(value))`, made
 * mostly of bytes made once. Most of an assessment is the kb's own text (rule texts, pitfalls, penalties,
 * fees, the book of sources), and the engine hands out the kb's objects as they are: those never change once
 * loaded, so their JSON bytes are made the first time they are sent and reused after (a WeakMap keyed by the
 * object). What is unchanging:
 *
 * - every object reachable from the kb (the loader's objects, found by one walk over the kb at the first
 *   use; the engine relies on the kb not changing once loaded as well, see prepared-kb.ts);
 * - a frozen object or array whose members are all unchanging too (the engine's prepared parts: penalties,
 *   fees, number rules, the book's entries).
 *
 * Only the rest (the result's own frame, facts, dates) is written per response. A writer for one language
 * (`lang`) writes every bilingual text in that language only, as the engine's localise() would make it: the
 * bytes it keeps are those of the one-language form. Sending bytes rather than a
 * string also spares Node the conversion of a long string of Chinese text to UTF-8 at every response, and
 * Fastify a second pass over it for Content-Length: the two cost more than the assessment itself.
 *
 * The writer writes straight into memory shared by consecutive answers (a slab; each answer a slice of it,
 * never written again once handed out): no list of pieces and string of text joined and encoded at the end,
 * no buffer allocated per answer. Printable ASCII (keys, ids, dates, numbers) is written byte by byte; other
 * text goes through JSON.stringify and UTF-8. An answer kept long pins its slab (256 KiB): the route sends
 * it and lets it go.
 */

import { type AnswerLang, isText, localise } from '@icpdesk/engine';

/** an object whose bytes are not kept: it may change (bytes of one that may not are the Buffer) */
const MUTABLE = false;

/** the memory answers are written into, a slab at a time (larger answers have a buffer of their own) */
const SLAB = 256 * 1024;

/** `value` as UTF-8 JSON, as JSON.stringify would write it (of localise(value, lang), with a language) */
export type JsonBytes = (value: unknown) => Buffer;

/** every object and array reachable from `root` through objects, arrays, Maps and Sets */
function reachable(root: object): WeakSet<object> {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return seen;
}

const plainProto = (o: object) => {
  const p = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null || p === Array.prototype;
};

/**
 * A writer of JSON bytes whose unchanging parts are those reachable from `shared` (the kb) or frozen with
 * unchanging members. The walk over `shared` is done at the first call.
 */
export function jsonBytes(shared: object, lang?: AnswerLang): JsonBytes {
  const w = new Writer(shared, lang);
  return (value) => w.answer(value);
}

/** one writer's state; its methods are made once (no closures made per answer) */
class Writer {
  private owned: WeakSet<object> | undefined;
  private readonly bytes = new WeakMap<object, Buffer | typeof MUTABLE>();
  private readonly keys = new Map<string, Buffer>();
  // Answers are written straight into a slab of memory shared by consecutive answers (each answer is a
  // slice of it, never written again once handed out): no buffer of its own to allocate for each answer, no
  // list of pieces or string of text to join and encode at the end.
  private slab = Buffer.allocUnsafeSlow(SLAB);
  private slabAt = 0;
  /** the size of the last answer: the first guess at the next one's */
  private guess = 1024;
  /** the answer being written: out[start, at) */
  private out: Buffer = this.slab;
  private start = 0;
  private at = 0;

  constructor(
    private readonly shared: object,
    private readonly lang: AnswerLang | undefined,
  ) {}

  private form(o: object): unknown {
    return this.lang ? localise(o, this.lang) : o;
  }

  /** whether o (and all it holds) never changes */
  private unchanging(o: object): boolean {
    if (!plainProto(o) || typeof (o as { toJSON?: unknown }).toJSON === 'function') return false;
    if (this.owned?.has(o)) return true;
    if (!Object.isFrozen(o)) return false;
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null && !this.unchanging(v)) return false;
    }
    return true;
  }

  /** the kept bytes of o, made now if o never changes; false when it may */
  private keptBytes(o: object): Buffer | typeof MUTABLE {
    this.owned ??= reachable(this.shared);
    // the result's own objects, new at every call, are not remembered (nor looked up)
    if (!Object.isFrozen(o) && !this.owned.has(o)) return MUTABLE;
    const b = this.bytes.get(o);
    if (b !== undefined) return b;
    const made = this.unchanging(o) ? Buffer.from(JSON.stringify(this.form(o))) : MUTABLE;
    this.bytes.set(o, made);
    return made;
  }

  /** a key's JSON and the colon after it, as bytes: `"key":` */
  private keyBytes(k: string): Buffer {
    let q = this.keys.get(k);
    if (q === undefined) {
      q = Buffer.from(`${JSON.stringify(k)}:`);
      if (this.keys.size < 10_000) this.keys.set(k, q);
    }
    return q;
  }

  answer(value: unknown): Buffer {
    if (this.slab.length - this.slabAt < this.guess) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB, this.guess));
      this.slabAt = 0;
    }
    this.out = this.slab;
    this.start = this.at = this.slabAt;
    if (!this.write(value)) throw new TypeError('jsonBytes: the value has no JSON form');
    const { out, start, at } = this;
    const size = at - start;
    this.guess = Math.max(1024, size + (size >> 3));
    // the next answer starts after this one (aligned), in the slab if this one was written there
    if (out === this.slab) this.slabAt = (at + 7) & ~7;
    return out.subarray(start, at);
  }

  /** room for n more bytes: a larger buffer (the answer so far copied over) where there is not */
  private room(n: number): void {
    if (this.at + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.out.length * 2, this.at - this.start + n));
    bigger.set(this.out.subarray(this.start, this.at));
    this.at -= this.start;
    this.start = 0;
    this.out = bigger;
  }

  private byte(b: number): void {
    this.room(1);
    this.out[this.at++] = b;
  }

  /** bytes as they are: small ones byte by byte (cheaper than a call into set()), others by set() */
  private copy(b: Buffer): void {
    const n = b.length;
    this.room(n);
    const out = this.out;
    let at = this.at;
    if (n < 64) for (let i = 0; i < n; i++) out[at++] = b[i]!;
    else {
      out.set(b, at);
      at += n;
    }
    this.at = at;
  }

  /** a text of ASCII characters, written as it is */
  private ascii(t: string): void {
    const n = t.length;
    this.room(n);
    const out = this.out;
    let at = this.at;
    for (let i = 0; i < n; i++) out[at++] = t.charCodeAt(i);
    this.at = at;
  }

  /** any text, as UTF-8 */
  private utf8(t: string): void {
    this.room(t.length * 3);
    this.at += this.out.write(t, this.at);
  }

  /** a string's JSON: printable ASCII with no quote or backslash byte by byte, else JSON.stringify's */
  private string(t: string): void {
    const n = t.length;
    this.room(n + 2);
    const out = this.out;
    let at = this.at;
    out[at++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
        this.utf8(JSON.stringify(t));
        return;
      }
      out[at++] = c;
    }
    out[at++] = 0x22;
    this.at = at;
  }

  /** writes v's JSON; false when JSON.stringify would leave v out (undefined, a function, a symbol) */
  private write(v: unknown): boolean {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return true;
      case 'number':
        this.ascii(Number.isFinite(v) ? String(v) : 'null');
        return true;
      case 'boolean':
        this.ascii(v ? 'true' : 'false');
        return true;
      case 'object': {
        if (v === null) {
          this.ascii('null');
          return true;
        }
        const kept = this.keptBytes(v);
        if (kept !== MUTABLE) this.copy(kept);
        else if (this.lang && isText(v)) this.utf8(JSON.stringify(this.form(v)));
        else if (!plainProto(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function')
          this.utf8(JSON.stringify(v));
        else if (Array.isArray(v)) this.writeArray(v);
        else this.writeObject(v as Record<string, unknown>);
        return true;
      }
      case 'bigint':
        // as JSON.stringify does: a TypeError
        return JSON.stringify(v) !== undefined;
      default:
        return false;
    }
  }

  private writeArray(a: readonly unknown[]): void {
    this.byte(0x5b); // [
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.byte(0x2c); // ,
      if (!this.write(a[i])) this.ascii('null');
    }
    this.byte(0x5d); // ]
  }

  private writeObject(o: Record<string, unknown>): void {
    this.byte(0x7b); // {
    let first = true;
    const ks = Object.keys(o);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i]!;
      const v = o[k];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      if (!first) this.byte(0x2c); // ,
      this.copy(this.keyBytes(k));
      first = false;
      this.write(v);
    }
    this.byte(0x7d); // }
  }
}
