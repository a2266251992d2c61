import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asOfInvalidResult,
  describeType,
  emptyResult,
  showInput,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

describe('result helpers', () => {
  it('validationOk carries the value; validationFail has none', () => {
    const m = { zh: '好', en: 'fine' };
    expect(validationOk('X_OK', m, 'v')).toEqual({ ok: true, code: 'X_OK', message: m, value: 'v' });
    expect(validationOk('X_OK', m, 1, { a: 1 })).toEqual({
      ok: true,
      code: 'X_OK',
      message: m,
      value: 1,
      details: { a: 1 },
    });
    expect(validationFail('X_BAD', m)).toEqual({ ok: false, code: 'X_BAD', message: m });
    expect('value' in validationFail('X_BAD', m, { a: 1 })).toBe(false);
  });
  it('describeType names every kind of value', () => {
    expect(
      [null, undefined, [], {}, 'a', 1, 1n, true, Symbol('s'), () => 1, new Date(0)].map(describeType),
    ).toEqual([
      'null',
      'undefined',
      'array',
      'object',
      'string',
      'number',
      'bigint',
      'boolean',
      'symbol',
      'function',
      'Date',
    ]);
  });
  it('showInput never throws and stays short', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(showInput(circular)).toBe('object');
    expect(showInput('a'.repeat(100))).toHaveLength(40);
    expect(showInput('abc')).toBe('"abc"');
    expect(showInput(12n)).toBe('12');
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(showInput(v).length).toBeLessThanOrEqual(40);
      }),
    );
  });
  it('wrongTypeResult, emptyResult and asOfInvalidResult say what to do', () => {
    expect(wrongTypeResult('X_TYPE', { zh: '代码', en: 'The code' }, 5)).toEqual({
      ok: false,
      code: 'X_TYPE',
      message: {
        zh: '代码应为文本（字符串），收到的是 number；请以文本（字符串）形式提供',
        en: 'The code must be text (a string), but got number; pass it as text (a string)',
      },
      details: { type: 'number' },
    });
    expect(emptyResult('X_EMPTY', { zh: '代码', en: 'The code' }, 'ABC').message).toEqual({
      zh: '代码为空；请填写，例如 ABC',
      en: 'The code is empty; fill it in, e.g. ABC',
    });
    expect(asOfInvalidResult('2026-02-30').message.en).toBe(
      'the reference date asOf is "2026-02-30", not a real YYYY-MM-DD date; the caller must pass a date such as 2026-11-29',
    );
  });
});
