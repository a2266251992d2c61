/** Error catalogue of @icpdesk/engine. Codes are stable; messages are bilingual. */
import type { Text } from '@icpdesk/kb';
import { isRealDate, parseYmd } from './validators/date.ts';

export const engineErrorCodes = {
  PROFILE_MISSING_FIELD: 'a required field is missing',
  PROFILE_UNKNOWN_FIELD: 'the profile has a field icpdesk does not know',
  PROFILE_INVALID_VALUE: 'a field has a value of the wrong type or range',
  PROFILE_NOT_ONE_OF: 'a field must be one of a fixed set of values',
  PROFILE_UNKNOWN_ACTIVITY: 'an activity id is not in the knowledge base',
  PROFILE_UNKNOWN_QUESTION: 'an answer names a question that is not in the knowledge base',
  INVALID_DATE: 'a date is not a real YYYY-MM-DD date',
  INPUT_TOO_MANY: 'a list holds more entries than the technical limit (engine/src/limits.ts)',
  INPUT_TOO_LONG: 'a string is longer than the technical limit',
  INPUT_TOO_DEEP: 'the input, or a shareholding tree, is nested deeper than the technical limit',
  // kb references of applications and licences (kb-references.ts)
  CODE_UNKNOWN: 'a licence code is not a category of the classification catalogue',
  CODE_SCOPE_REQUIRED: 'a licence code of a category with scopes names none',
  CODE_SCOPE_UNKNOWN: 'a licence code names a scope its category does not have',
  CODE_REPEATED: 'a licence code is listed twice',
  AUTHORITY_UNKNOWN: 'an authority is not in kb/authorities.yaml',
  MATERIAL_UNKNOWN: 'a checklist item is not a material of kb/materials.yaml',
} as const;
export type EngineErrorCode = keyof typeof engineErrorCodes;

export interface EngineIssue {
  code: EngineErrorCode;
  /** where in the input, e.g. service.activities[1] */
  path: string;
  value?: unknown;
  /** the accepted values, where there is a fixed set */
  validValues?: string[];
  suggestion?: string;
  /** the message, starting with the path (for a reader who sees no path beside it: the CLI, a log) */
  message: Text;
  /** the same without the path, for where the path is given beside it (an API's errors[].path) */
  detail: Text;
}

/** the place of a problem for people: a path, or the document itself */
const at = (path: string) => path || '(root)';
const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v));
const list = (values: string[]) =>
  values.length > 12 ? `${values.slice(0, 12).join(', ')}, …` : values.join(', ');

export const issueMessages = {
  missing: (path: string, expected: string): EngineIssue => ({
    code: 'PROFILE_MISSING_FIELD',
    path,
    message: {
      zh: `缺少必填字段 ${at(path)}（应为 ${expected}）`,
      en: `${at(path)} is required (expected ${expected})`,
    },
    detail: { zh: `必填（应为 ${expected}）`, en: `required (expected ${expected})` },
  }),
  unknownField: (path: string, valid: string[]): EngineIssue => ({
    code: 'PROFILE_UNKNOWN_FIELD',
    path,
    validValues: valid,
    message: {
      zh: `未知字段 ${at(path)}；此处可用的字段：${list(valid)}`,
      en: `unknown field ${at(path)}; the fields allowed here are: ${list(valid)}`,
    },
    detail: {
      zh: `未知字段；此处可用的字段：${list(valid)}`,
      en: `unknown field; the fields allowed here are: ${list(valid)}`,
    },
  }),
  notOneOf: (path: string, value: unknown, valid: string[]): EngineIssue => ({
    code: 'PROFILE_NOT_ONE_OF',
    path,
    value,
    validValues: valid,
    message: {
      zh: `${at(path)} 的值 ${show(value)} 无效；可用的值：${list(valid)}`,
      en: `${at(path)} is ${show(value)}; valid values are: ${list(valid)}`,
    },
    detail: {
      zh: `值 ${show(value)} 无效；可用的值：${list(valid)}`,
      en: `${show(value)} is not valid here; valid values are: ${list(valid)}`,
    },
  }),
  /** `why`: what was expected, in icpdesk's words (zod-issues.ts), never a library's */
  invalid: (path: string, value: unknown, why: Text): EngineIssue => ({
    code: 'PROFILE_INVALID_VALUE',
    path,
    value,
    message: {
      zh: `${at(path)} 的值 ${show(value)} 无效：${why.zh}`,
      en: `${at(path)} is ${show(value)}: ${why.en}`,
    },
    detail: { zh: `值 ${show(value)} 无效：${why.zh}`, en: `${show(value)} is not valid here: ${why.en}` },
  }),
  unknownActivity: (path: string, value: string, suggestion: string | undefined): EngineIssue => ({
    code: 'PROFILE_UNKNOWN_ACTIVITY',
    path,
    value,
    ...(suggestion ? { suggestion } : {}),
    message: {
      zh: `${at(path)}：未知业务 "${value}"${suggestion ? `，是否要填 "${suggestion}"？` : ''}（icpdesk kb search 可查找业务编号）`,
      en: `${at(path)}: unknown activity "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (find ids with icpdesk kb search)`,
    },
    detail: {
      zh: `未知业务 "${value}"${suggestion ? `，是否要填 "${suggestion}"？` : ''}（icpdesk kb search 可查找业务编号）`,
      en: `unknown activity "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (find ids with icpdesk kb search)`,
    },
  }),
  unknownQuestion: (path: string, value: string, suggestion: string | undefined): EngineIssue => ({
    code: 'PROFILE_UNKNOWN_QUESTION',
    path,
    value,
    ...(suggestion ? { suggestion } : {}),
    message: {
      zh: `${at(path)}：未知问题 "${value}"${suggestion ? `，是否要填 "${suggestion}"？` : ''}`,
      en: `${at(path)}: unknown question "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    },
    detail: {
      zh: `未知问题 "${value}"${suggestion ? `，是否要填 "${suggestion}"？` : ''}`,
      en: `unknown question "${value}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
    },
  }),
  tooMany: (path: string, count: number, limit: number): EngineIssue => ({
    code: 'INPUT_TOO_MANY',
    path,
    message: {
      zh: `${at(path)} 有 ${count} 项，超过上限 ${limit}（技术限制）`,
      en: `${at(path)} has ${count} entries; at most ${limit} are accepted (a technical limit)`,
    },
    detail: {
      zh: `有 ${count} 项，超过上限 ${limit}（技术限制）`,
      en: `${count} entries; at most ${limit} are accepted (a technical limit)`,
    },
  }),
  tooLong: (path: string, length: number, limit: number): EngineIssue => ({
    code: 'INPUT_TOO_LONG',
    path,
    message: {
      zh: `${at(path)} 长 ${length} 个字符，超过上限 ${limit}（技术限制）`,
      en: `${at(path)} is ${length} characters long; at most ${limit} are accepted (a technical limit)`,
    },
    detail: {
      zh: `长 ${length} 个字符，超过上限 ${limit}（技术限制）`,
      en: `${length} characters long; at most ${limit} are accepted (a technical limit)`,
    },
  }),
  tooDeep: (path: string, limit: number): EngineIssue => ({
    code: 'INPUT_TOO_DEEP',
    path,
    message: {
      zh: `${at(path)} 嵌套超过 ${limit} 层（技术限制）`,
      en: `${at(path)} is nested more than ${limit} levels deep (a technical limit)`,
    },
    detail: {
      zh: `嵌套超过 ${limit} 层（技术限制）`,
      en: `nested more than ${limit} levels deep (a technical limit)`,
    },
  }),
  invalidDate: (path: string, value: unknown): EngineIssue => ({
    code: 'INVALID_DATE',
    path,
    value,
    message: {
      zh: `${at(path)} 的值 ${show(value)} 不是有效日期，应为 YYYY-MM-DD，例如 2026-11-29`,
      en: `${at(path)} is ${show(value)}, not a real date; use YYYY-MM-DD, e.g. 2026-11-29`,
    },
    detail: {
      zh: `值 ${show(value)} 不是有效日期，应为 YYYY-MM-DD，例如 2026-11-29`,
      en: `${show(value)} is not a real date; use YYYY-MM-DD, e.g. 2026-11-29`,
    },
  }),
};

/**
 * A real date as YYYY-MM-DD (year 0000 included, a leap year as in the proleptic Gregorian calendar). By
 * arithmetic: checking it through a Date cost a few µs, and every request with a date asks it.
 */
export function isIsoDate(s: unknown): s is string {
  const p = typeof s === 'string' ? parseYmd(s) : undefined;
  return p !== undefined && isRealDate(p.year === 0 ? 2000 : p.year, p.month, p.day);
}
