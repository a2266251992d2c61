/**
 * The API's field errors shown in place: a problem's `errors[].path` (body.config.url) names a form field by
 * the map given (config.url → url); errors of fields the form does not have stay in the error notice.
 */
import type { FormInstance } from 'antd';
import { problemMessage } from '../../api/problems.ts';
import type { Lang } from '../../i18n.tsx';

/** the API's path without `body.` → the form field's name */
export type FieldMap = Record<string, string>;

/** the same name on both sides */
export const sameNames = (...names: string[]): FieldMap => Object.fromEntries(names.map((n) => [n, n]));

/** sets the field errors the form has fields for; true when at least one was placed */
export function showFieldErrors<T>(form: FormInstance<T>, e: unknown, lang: Lang, fields: FieldMap): boolean {
  const placed = problemMessage(e, lang).fields.flatMap((f) => {
    const name = fields[f.path.replace(/^body\./, '')];
    return name ? [{ name, errors: [f.message] }] : [];
  });
  if (placed.length) form.setFields(placed as Parameters<FormInstance<T>['setFields']>[0]);
  return placed.length > 0;
}
