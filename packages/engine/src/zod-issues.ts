/** Turns zod's issues into icpdesk's: a path in the input, the value found, the valid values, a message. */
import type { Text } from '@icpdesk/kb';
import { z } from 'zod';
import { type EngineIssue, issueMessages } from './errors.ts';

export const pathOf = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}${s ? '.' : ''}${String(p)}`),
    '',
  );

export function getAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

function unwrap(t: z.ZodType): z.ZodType {
  let cur = t;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodLazy) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else return cur;
  }
}

/** The keys an object schema allows at a path of the input (array indexes are skipped). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let shape: z.ZodType = schema;
  for (const p of path) {
    if (typeof p === 'number') continue;
    const inner = unwrap(shape);
    if (!(inner instanceof z.ZodObject)) return [];
    shape = inner.shape[p as string] as z.ZodType;
    if (!shape) return [];
  }
  const inner = unwrap(shape);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

export function zodIssues(
  schema: z.ZodType,
  input: unknown,
  error: z.ZodError,
  /** valid values for a field that failed a format check, where there is a fixed set */
  choices?: (path: string) => string[] | undefined,
): EngineIssue[] {
  const issues: EngineIssue[] = [];
  for (const e of error.issues) {
    const path = pathOf(e.path);
    const value = getAt(input, e.path);
    if (e.code === 'unrecognized_keys') {
      for (const k of e.keys)
        issues.push(issueMessages.unknownField(path ? `${path}.${k}` : k, keysAt(schema, e.path)));
    } else if (e.code === 'invalid_value' && 'values' in e) {
      issues.push(issueMessages.notOneOf(path, value, e.values.map(String)));
    } else if (e.code === 'invalid_type' && value === undefined) {
      issues.push(issueMessages.missing(path, e.expected));
    } else {
      const valid = e.code === 'invalid_format' || e.code === 'invalid_union' ? choices?.(path) : undefined;
      issues.push(
        valid
          ? issueMessages.notOneOf(path, value, valid)
          : issueMessages.invalid(path, value, expectation(e)),
      );
    }
  }
  return issues;
}

type Issue = z.core.$ZodIssue;

/** the types zod names, in words */
const typeNames: Record<string, Text> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'a whole number' },
  boolean: { zh: '布尔值（true 或 false）', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
  null: { zh: 'null', en: 'null' },
};
const typeName = (t: string): Text => typeNames[t] ?? { zh: t, en: t };

/** a default message of zod's own, which names no expectation of ours */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized)\b/;

/** what was expected, in icpdesk's words in both languages (zod's own messages are never passed on) */
export function expectation(e: Issue): Text {
  switch (e.code) {
    case 'invalid_type': {
      const t = typeName(e.expected);
      return { zh: `应为${t.zh}`, en: `expected ${t.en}` };
    }
    case 'too_big':
    case 'too_small': {
      const big = e.code === 'too_big';
      const limit = String(big ? e.maximum : e.minimum);
      const inclusive = e.inclusive !== false;
      if (e.origin === 'string')
        return big
          ? { zh: `最多 ${limit} 个字符`, en: `at most ${limit} characters` }
          : { zh: `至少 ${limit} 个字符`, en: `at least ${limit} characters` };
      if (e.origin === 'array' || e.origin === 'set')
        return big
          ? { zh: `最多 ${limit} 项`, en: `at most ${limit} entries` }
          : { zh: `至少 ${limit} 项`, en: `at least ${limit} entries` };
      if (big)
        return inclusive
          ? { zh: `不能大于 ${limit}`, en: `at most ${limit}` }
          : { zh: `应小于 ${limit}`, en: `less than ${limit}` };
      return inclusive
        ? { zh: `不能小于 ${limit}`, en: `at least ${limit}` }
        : { zh: `应大于 ${limit}`, en: `more than ${limit}` };
    }
    case 'invalid_union': {
      // the forms it may take: what each branch expected
      const forms = e.errors.map((branch) =>
        branch.length === 1 ? expectation(branch[0]!) : { zh: '另一种形式', en: 'another form' },
      );
      return {
        zh: `应为以下之一：${forms.map((f) => f.zh.replace(/^应为/, '')).join('；')}`,
        en: `expected one of: ${forms.map((f) => f.en.replace(/^expected /, '')).join('; ')}`,
      };
    }
    case 'invalid_value':
      return {
        zh: `应为 ${e.values.map((v) => JSON.stringify(v)).join('、')}`,
        en: `expected ${e.values.map((v) => JSON.stringify(v)).join(' or ')}`,
      };
    case 'invalid_format':
      if (!ZOD_DEFAULT.test(e.message)) return { zh: e.message, en: e.message };
      return 'pattern' in e && e.pattern
        ? { zh: `应符合格式 ${e.pattern}`, en: `expected text matching ${e.pattern}` }
        : { zh: `格式应为 ${e.format}`, en: `expected the ${e.format} format` };
    default:
      // a refinement's own words, or a kind of issue our schemas do not make
      return ZOD_DEFAULT.test(e.message)
        ? { zh: '不符合要求', en: 'not accepted here' }
        : { zh: e.message, en: e.message };
  }
}
