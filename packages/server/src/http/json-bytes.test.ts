import { localise } from '@icpdesk/engine';
import { describe, expect, it } from 'vitest';
import { jsonBytes } from './json-bytes.ts';

const same = (write: (v: unknown) => Buffer, v: unknown) =>
  expect(write(v).toString('utf8')).toBe(JSON.stringify(v));

describe('jsonBytes: the bytes of JSON.stringify, with the unchanging parts made once', () => {
  const kb = {
    texts: [{ zh: '许可证', en: 'licence' }],
    book: new Map([['a', { title: '办法', grade: 'A' }]]),
  };

  it('writes what JSON.stringify writes, whatever the value', () => {
    const write = jsonBytes(kb);
    const values: unknown[] = [
      null,
      0,
      -0,
      1.5e300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      '引号"\\\n\u2028\ud800',
      [],
      {},
      [undefined, () => 1, Symbol('s'), null],
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1, 2: 'two', 1: 'one' },
      { at: new Date(Date.UTC(2026, 0, 2)), m: new Map([['k', 1]]), own: { toJSON: () => 'mine' } },
      Object.assign(Object.create(null), { k: 'v' }),
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
      { kb: kb.texts[0], again: kb.texts[0], list: kb.texts, book: kb.book.get('a') },
      Object.freeze({ frozen: Object.freeze([1, '二']), inner: { changes: 1 } }),
    ];
    for (const v of values) same(write, v);
    expect(() => write(undefined)).toThrow(TypeError);
    expect(() => write({ n: 1n })).toThrow(TypeError);
  });

  it("keeps the bytes of the kb's objects and of frozen parts, but never of what may still change", () => {
    const write = jsonBytes(kb);
    const text = kb.texts[0]!;
    const first = write({ t: text });
    expect(write({ t: text })).toEqual(first);

    // an object of the result, changed between two answers, is written as it is now
    const mine = { n: 1 };
    same(write, { mine });
    mine.n = 2;
    same(write, { mine });

    // a frozen object holding one that may change is not kept either
    const inner = { n: 1 };
    const shell = Object.freeze({ inner });
    same(write, shell);
    inner.n = 2;
    same(write, shell);

    // a frozen object of unchanging members is: its bytes are made once (the kb is never changed once
    // loaded, so changing it here shows that its bytes were kept)
    const prepared = Object.freeze({ text, id: 'p' });
    expect(write(prepared).toString()).toBe('{"text":{"zh":"许可证","en":"licence"},"id":"p"}');
    text.en = 'changed';
    expect(write(prepared).toString()).toBe('{"text":{"zh":"许可证","en":"licence"},"id":"p"}');
    text.en = 'licence';
  });

  it('grows its buffer for a larger answer than the last', () => {
    const write = jsonBytes(kb);
    same(write, { t: kb.texts[0], s: 'x' });
    const big = {
      t: kb.texts[0],
      s: '长'.repeat(5000),
      list: Array.from({ length: 300 }, (_, i) => [i, kb.texts]),
    };
    same(write, big);
    same(write, { t: kb.texts[0] });
  });

  it('never changes an answer once handed out, though answers share memory', () => {
    const write = jsonBytes(kb);
    const values = Array.from({ length: 400 }, (_, i) => ({
      i,
      t: kb.texts[0],
      s: '长'.repeat(i * 7),
      tail: i % 50 === 0 ? 'x'.repeat(300_000) : '',
    }));
    const answers = values.map((v) => write(v));
    for (const [i, v] of values.entries()) expect(answers[i]!.toString('utf8')).toBe(JSON.stringify(v));
  });

  it('writes one language: the bytes of the value localised, the kept ones once per language', () => {
    const zh = jsonBytes(kb, 'zh');
    const en = jsonBytes(kb, 'en');
    const made = { zh: '新的', en: 'new' };
    const values: unknown[] = [
      kb.texts[0],
      { kb: kb.texts[0], list: kb.texts, book: kb.book.get('a'), made, near: { zh: 1, en: 'x' } },
      Object.freeze({ prepared: Object.freeze({ name: kb.texts[0], id: 'p' }) }),
      [{ zh: 'a', en: 'b', other: 'c' }, Object.freeze([made])],
    ];
    for (const v of values) {
      expect(zh(v).toString('utf8')).toBe(JSON.stringify(localise(v, 'zh')));
      expect(en(v).toString('utf8')).toBe(JSON.stringify(localise(v, 'en')));
    }
    expect(en({ t: kb.texts[0] }).toString()).toBe('{"t":{"en":"licence"}}');
  });
});
