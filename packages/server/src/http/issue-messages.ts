/**
 * Request-validation messages in the request's language. Route schemas are zod; their issues reach the
 * error handler with zod's English message. For zh, a message that is zod's own default is replaced by zod's
 * zh-CN locale text for the same issue; a message a schema wrote itself (a refine, a regex with a message)
 * is kept as written.
 */
import { z } from 'zod';
import type { Lang } from './problems.ts';

type LocaleError = (issue: Record<string, unknown>) => string | { message: string } | undefined | null;
const en = (z.locales.en() as unknown as { localeError: LocaleError }).localeError;
const zh = (z.locales.zhCN() as unknown as { localeError: LocaleError }).localeError;

const text = (m: ReturnType<LocaleError>) => (typeof m === 'string' ? m : (m?.message ?? ''));

/** a value of the type named in "received <type>" (the issue no longer carries the input itself) */
const sampleOf: Record<string, unknown> = {
  undefined: undefined,
  null: null,
  string: '',
  number: 0,
  boolean: false,
  array: [],
  object: {},
  bigint: 0n,
  NaN: Number.NaN,
};

export interface ValidationItem {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function issueMessage(v: ValidationItem, lang: Lang): string {
  const message = v.message ?? 'invalid';
  if (lang === 'en') return message;
  const issue: Record<string, unknown> = { code: v.keyword, path: [], ...(v.params ?? {}) };
  if (v.keyword === 'invalid_type') {
    const received = /received (\w+)$/.exec(message)?.[1];
    if (received === undefined || !(received in sampleOf)) return message;
    issue.input = sampleOf[received];
  }
  try {
    if (text(en(issue)) !== message) return message; // the schema's own words
    return text(zh(issue)) || message;
  } catch {
    return message;
  }
}
