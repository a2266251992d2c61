import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expandUnions, issueMessage, type ValidationItem } from './issue-messages.ts';

/** the items the zod type provider hands the error handler, for a value that fails the schema */
function itemsOf(schema: z.ZodType, value: unknown): ValidationItem[] {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues.map((i) => {
    const { path: _path, code, message, ...params } = i as unknown as Record<string, unknown>;
    return { keyword: code as string, message: message as string, params };
  });
}

const schema = z.strictObject({
  name: z.string(),
  count: z.number().min(3),
  kind: z.enum(['a', 'b']),
  digits: z.string().regex(/^\d+$/, 'digits only, e.g. 123'),
});

describe('issueMessage', () => {
  const items = itemsOf(schema, { name: 5, count: 1, kind: 'c', digits: 'x', extra: true });

  it("gives zod's zh-CN text for zod's own messages, keeping what was received", () => {
    expect(items.map((v) => issueMessage(v, 'zh'))).toEqual([
      '无效输入：期望 string，实际接收 数字',
      '数值过小：期望 number >=3',
      '无效选项：期望以下之一 "a"|"b"',
      'digits only, e.g. 123',
      '出现未知的键(key): "extra"',
    ]);
  });

  it('keeps a message the schema wrote itself, and every message in English', () => {
    expect(items.map((v) => issueMessage(v, 'en'))).toEqual(items.map((v) => v.message));
  });

  it('says a missing field was received as undefined', () => {
    const [missing] = itemsOf(z.object({ name: z.string() }), {});
    expect(issueMessage(missing!, 'zh')).toBe('无效输入：期望 string，实际接收 undefined');
  });
});

describe('expandUnions', () => {
  it("replaces a union's generic issue by the closest branch's issues, each at its own path", () => {
    const union = z.union([z.object({ a: z.string() }), z.object({ b: z.number(), c: z.string() })]);
    const issues = union.safeParse({ a: 1 }).error!.issues;
    const items = expandUnions(
      issues.map(({ code, path, message, ...params }) => ({
        keyword: code,
        message,
        params,
        instancePath: `/${path.join('/')}`,
      })),
    );
    expect(items).toEqual([expect.objectContaining({ keyword: 'invalid_type', instancePath: '/a' })]);
    expect(items.map((i) => i.message).join()).not.toMatch(/^Invalid input$/);
  });
});
