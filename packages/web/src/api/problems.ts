/**
 * The one place that turns a failed API call into words. The server's problem+json already carries its
 * title and detail in the language the request asked for (Accept-Language), and field errors with their
 * paths; the app adds its own wording only where it has something to say (what to do next) or where there
 * is no problem body at all (the network, a proxy's HTML error page).
 */
import type { Lang, Text } from '../i18n.tsx';
import type { components } from './openapi';

export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

/** what to do, for the codes where the server's title does not say it */
const advice: Partial<Record<ProblemCode, Text>> = {
  RATE_LIMITED: {
    zh: '请求过于频繁，请稍候一分钟再试。',
    en: 'Too many requests: wait a minute and try again.',
  },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in first.' },
  INVALID_PROFILE: {
    zh: '请返回上一步检查所填内容。',
    en: 'Go back a step and check what you entered.',
  },
  INTERNAL: {
    zh: '服务器内部错误，已记录。请稍后再试。',
    en: 'The server failed and logged it. Please try again later.',
  },
};

const offline: Text = {
  zh: '无法连接服务器，请检查网络后重试。',
  en: 'The server cannot be reached: check the connection and try again.',
};
const unknown: Text = { zh: '服务器返回了无法识别的错误', en: 'The server answered with an unknown error' };

export class ApiError extends Error {
  constructor(
    readonly problem: Problem | null,
    /** the HTTP status, or what the fetch threw */
    readonly failure: unknown,
  ) {
    super(problem?.title ?? 'request failed');
  }
}

export interface ProblemMessage {
  title: string;
  detail?: string;
  /** field errors: where and what */
  fields: { path: string; message: string }[];
}

/** the words for an error of any kind (an ApiError or anything else a call threw) */
export function problemMessage(e: unknown, lang: Lang): ProblemMessage {
  if (!(e instanceof ApiError)) return { title: offline[lang], fields: [] };
  const p = e.problem;
  if (!p || typeof p !== 'object' || !('code' in p))
    return typeof e.failure === 'number'
      ? { title: `${unknown[lang]} (HTTP ${e.failure})`, fields: [] }
      : { title: offline[lang], fields: [] };
  const extra = advice[p.code]?.[lang];
  const detail = [p.detail, extra].filter(Boolean).join(' ');
  return {
    title: p.title,
    ...(detail ? { detail } : {}),
    fields: (p.errors ?? []).map((f) => ({ path: f.path, message: f.message })),
  };
}
