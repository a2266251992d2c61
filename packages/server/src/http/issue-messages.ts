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

/** a union no branch of which came near (a discriminated union's unknown `kind`): zod says only "Invalid input" */
const NO_BRANCH = {
  zh: '不是可接受的取值之一（可用的取值见 API 文档中该操作的请求体）',
  en: "not one of the accepted values (the operation's request body in the API document lists them)",
};

export function issueMessage(v: ValidationItem, lang: Lang): string {
  if (v.keyword === 'invalid_union') return NO_BRANCH[lang];
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

/** a validation item as fastify-type-provider-zod reports a zod issue */
export interface PathedItem extends ValidationItem {
  instancePath: string;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  [key: string]: unknown;
}

/**
 * A union's own issue says only "Invalid input" (zod's generic words): it is replaced by the issues of the
 * branch that came closest (fewest issues), each at its own path.
 */
export function expandUnions(items: readonly PathedItem[]): PathedItem[] {
  return items.flatMap((v) => {
    const branches = v.params?.errors as ZodIssueLike[][] | undefined;
    if (v.keyword !== 'invalid_union' || !branches?.length) return [v];
    const closest = branches.reduce((a, b) => (b.length < a.length ? b : a));
    return expandUnions(
      closest.map(({ code, path, message, ...params }) => ({
        keyword: code,
        message,
        params,
        instancePath: [v.instancePath.replace(/\/$/, ''), ...path.map(String)].join('/'),
      })),
    );
  });
}
