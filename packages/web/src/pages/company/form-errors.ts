/**
 * A refused write shown where it belongs: the problem's field errors (paths like body.uscc or
 * body.shareholders[0].percent) on the form's fields, and whatever has no field of the form in an alert.
 */
import type { FormInstance } from 'antd';
import { ApiError, problemMessage } from '../../api/problems.ts';
import type { Lang } from '../../i18n.tsx';

export type NamePath = (string | number)[];

/** body.shareholders[0].percent → ['shareholders', 0, 'percent'] */
export function fieldPath(path: string): NamePath {
  return path
    .replace(/^body\.?/, '')
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * puts the field errors on the form's fields (`fieldOf` may rename a path, or say a code means a field);
 * returns the error to show in an alert, or null when every part of it is on a field
 */
export function showOnFields(
  form: FormInstance,
  /** the form's top-level field names */
  names: readonly string[],
  error: unknown,
  lang: Lang,
  extra: Partial<Record<string, { field: NamePath; message: string }>> = {},
): unknown {
  const onForm = (p: NamePath) => typeof p[0] === 'string' && names.includes(p[0]);
  const byCode = error instanceof ApiError && error.problem ? extra[error.problem.code] : undefined;
  if (byCode) {
    form.setFields([{ name: byCode.field, errors: [byCode.message] }]);
    return null;
  }
  const fields = problemMessage(error, lang).fields.map((f) => ({
    name: fieldPath(f.path),
    message: f.message,
  }));
  const placed = fields.filter((f) => onForm(f.name));
  const grouped = new Map<string, { name: NamePath; errors: string[] }>();
  for (const f of placed) {
    const key = JSON.stringify(f.name);
    const g = grouped.get(key) ?? { name: f.name, errors: [] };
    g.errors.push(f.message);
    grouped.set(key, g);
  }
  form.setFields([...grouped.values()]);
  return placed.length > 0 && placed.length === fields.length ? null : error;
}
