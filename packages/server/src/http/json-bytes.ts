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
 */

import { type AnswerLang, isText, localise } from '@icpdesk/engine';

/** an object whose bytes are not kept: it may change (bytes of one that may not are the Buffer) */
const MUTABLE = false;

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
  const form = lang ? (o: object) => localise(o, lang) : (o: object) => o;
  let owned: WeakSet<object> | undefined;
  const bytes = new WeakMap<object, Buffer | typeof MUTABLE>();
  const keys = new Map<string, string>();

  /** whether o (and all it holds) never changes */
  function unchanging(o: object): boolean {
    if (!plainProto(o) || typeof (o as { toJSON?: unknown }).toJSON === 'function') return false;
    if (owned?.has(o)) return true;
    if (!Object.isFrozen(o)) return false;
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null && !unchanging(v)) return false;
    }
    return true;
  }

  /** the kept bytes of o, made now if o never changes; false when it may */
  function keptBytes(o: object): Buffer | typeof MUTABLE {
    owned ??= reachable(shared);
    // the result's own objects, new at every call, are not remembered (nor looked up)
    if (!Object.isFrozen(o) && !owned.has(o)) return MUTABLE;
    const b = bytes.get(o);
    if (b !== undefined) return b;
    const made = unchanging(o) ? Buffer.from(JSON.stringify(form(o))) : MUTABLE;
    bytes.set(o, made);
    return made;
  }

  const quotedKey = (k: string) => {
    let q = keys.get(k);
    if (q === undefined) {
      q = JSON.stringify(k);
      if (keys.size < 10_000) keys.set(k, q);
    }
    return q;
  };

  /** the size of the last answer: the first guess at the next one's */
  let guess = 1024;

  return (value) => {
    // the pieces in order: text written now, and bytes kept from before
    const pieces: (string | Buffer)[] = [];
    let text = '';
    const keep = (b: Buffer) => {
      if (text) pieces.push(text);
      text = '';
      pieces.push(b);
    };

    /** appends v's JSON; false when JSON.stringify would leave v out (undefined, a function, a symbol) */
    const write = (v: unknown): boolean => {
      switch (typeof v) {
        case 'string':
          text += JSON.stringify(v);
          return true;
        case 'number':
          text += Number.isFinite(v) ? String(v) : 'null';
          return true;
        case 'boolean':
          text += v ? 'true' : 'false';
          return true;
        case 'object': {
          if (v === null) {
            text += 'null';
            return true;
          }
          const kept = keptBytes(v);
          if (kept !== MUTABLE) keep(kept);
          else if (lang && isText(v)) text += JSON.stringify(form(v));
          else if (!plainProto(v) || typeof (v as { toJSON?: unknown }).toJSON === 'function')
            text += JSON.stringify(v);
          else if (Array.isArray(v)) writeArray(v);
          else writeObject(v as Record<string, unknown>);
          return true;
        }
        case 'bigint':
          // as JSON.stringify does: a TypeError
          return JSON.stringify(v) !== undefined;
        default:
          return false;
      }
    };
    const writeArray = (a: readonly unknown[]) => {
      text += '[';
      for (let i = 0; i < a.length; i++) {
        if (i > 0) text += ',';
        if (!write(a[i])) text += 'null';
      }
      text += ']';
    };
    const writeObject = (o: Record<string, unknown>) => {
      text += '{';
      let first = true;
      const ks = Object.keys(o);
      for (let i = 0; i < ks.length; i++) {
        const k = ks[i]!;
        const v = o[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        text += first ? quotedKey(k) : `,${quotedKey(k)}`;
        text += ':';
        first = false;
        write(v);
      }
      text += '}';
    };

    if (!write(value)) throw new TypeError('jsonBytes: the value has no JSON form');
    if (pieces.length === 0) return Buffer.from(text);
    if (text) pieces.push(text);
    // one buffer, written in place: no copy of each piece of text, no concatenation. A piece of text needs at
    // most 3 bytes a UTF-16 unit (no need to measure it first); kept bytes are set as a typed array, which
    // costs far less for a small piece than Buffer#copy and its checks
    let out = Buffer.allocUnsafe(guess);
    let at = 0;
    for (const p of pieces) {
      const string = typeof p === 'string';
      const need = string ? p.length * 3 : p.length;
      if (at + need > out.length) {
        const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, at + need));
        bigger.set(out.subarray(0, at));
        out = bigger;
      }
      if (string) at += out.write(p, at);
      else {
        out.set(p, at);
        at += p.length;
      }
    }
    guess = Math.max(1024, at + (at >> 3));
    return out.subarray(0, at);
  };
}
