/**
 * The result every validator returns. Validators are pure (no I/O beyond reading data shipped in a package,
 * no clock: "today" is always an argument) and never throw: any input, of any type, gets a result with a
 * stable UPPER_SNAKE code and a bilingual message that says what is wrong and how to fix it.
 */

export interface ValidationMessage {
  zh: string;
  en: string;
}

export interface Validation<T = string> {
  ok: boolean;
  /** stable, UPPER_SNAKE, e.g. USCC_OK, USCC_CHECK_DIGIT */
  code: string;
  message: ValidationMessage;
  /** the normalised form, present when ok */
  value?: T;
  details?: Record<string, unknown>;
}

/** A passing result. */
export function validationOk<T>(
  code: string,
  message: ValidationMessage,
  value: T,
  details?: Record<string, unknown>,
): Validation<T> {
  return details === undefined
    ? { ok: true, code, message, value }
    : { ok: true, code, message, value, details };
}

/** A failing result (no value). */
export function validationFail<T = string>(
  code: string,
  message: ValidationMessage,
  details?: Record<string, unknown>,
): Validation<T> {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** The JavaScript type of a value as a person would name it: null, array, string, number, object, … */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'Date';
  return typeof v;
}

/** A short, safe rendering of any input for messages: never throws, never longer than `max` characters. */
export function showInput(v: unknown, max = 40): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') s = String(v);
  else s = describeType(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "expected text" result for a wrong input type. `subject` names the thing, e.g. 统一社会信用代码. */
export function wrongTypeResult<T = string>(
  code: string,
  subject: ValidationMessage,
  input: unknown,
  expected: ValidationMessage = { zh: '文本（字符串）', en: 'text (a string)' },
): Validation<T> {
  const t = describeType(input);
  return validationFail<T>(
    code,
    {
      zh: `${subject.zh}应为${expected.zh}，收到的是 ${t}；请以${expected.zh}形式提供`,
      en: `${subject.en} must be ${expected.en}, but got ${t}; pass it as ${expected.en}`,
    },
    { type: t },
  );
}

/** Result for an empty (or blank) input. */
export function emptyResult<T = string>(
  code: string,
  subject: ValidationMessage,
  example: string,
): Validation<T> {
  return validationFail<T>(code, {
    zh: `${subject.zh}为空；请填写，例如 ${example}`,
    en: `${subject.en} is empty; fill it in, e.g. ${example}`,
  });
}

/** Result for an invalid `asOf` argument (a caller error, reported rather than thrown). */
export function asOfInvalidResult<T = string>(asOf: unknown): Validation<T> {
  return validationFail<T>('AS_OF_INVALID', {
    zh: `参照日期 asOf 的值 ${showInput(asOf)} 不是 YYYY-MM-DD 格式的有效日期；调用方应传入如 2026-11-29 的日期`,
    en: `the reference date asOf is ${showInput(asOf)}, not a real YYYY-MM-DD date; the caller must pass a date such as 2026-11-29`,
  });
}
