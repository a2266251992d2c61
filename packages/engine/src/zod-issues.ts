/** Turns zod's issues into icpdesk's: a path in the input, the value found, the valid values, a message. */
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
      const valid = e.code === 'invalid_format' ? choices?.(path) : undefined;
      issues.push(
        valid ? issueMessages.notOneOf(path, value, valid) : issueMessages.invalid(path, value, e.message),
      );
    }
  }
  return issues;
}
