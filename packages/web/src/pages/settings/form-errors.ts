/**
 * The API's field errors shown in place: a problem's `errors[].path` (body.config.url) names a form field by
 * the map given (config.url → url), and a problem about one field as a whole (ALREADY_MEMBER → email) by its
 * code; errors of fields the form does not have stay in the error notice.
 */
import type { FormInstance } from 'antd';
import { ApiError, type ProblemCode, problemMessage } from '../../api/problems.ts';
import type { Lang } from '../../i18n.tsx';

/** the API's path without `body.`, or a problem's code → the form field's name */
export type FieldMap = Partial<Record<string, string>>;

/** the same name on both sides */
export const sameNames = (...names: string[]): FieldMap => Object.fromEntries(names.map((n) => [n, n]));

/** the field a whole problem is about, when its code is in the map */
function byCode(e: unknown, m: ReturnType<typeof problemMessage>, fields: FieldMap) {
  const code: ProblemCode | undefined = e instanceof ApiError ? e.problem?.code : undefined;
  const name = code && fields[code];
  return name ? [{ name, errors: [[m.title, m.detail].filter(Boolean).join(' ')] }] : [];
}

/** sets the field errors the form has fields for; true when at least one was placed */
export function showFieldErrors<T>(form: FormInstance<T>, e: unknown, lang: Lang, fields: FieldMap): boolean {
  const m = problemMessage(e, lang);
  const placed = [
    ...byCode(e, m, fields),
    ...m.fields.flatMap((f) => {
      const name = fields[f.path.replace(/^body\./, '')];
      return name ? [{ name, errors: [f.message] }] : [];
    }),
  ];
  if (placed.length) form.setFields(placed as Parameters<FormInstance<T>['setFields']>[0]);
  return placed.length > 0;
}
