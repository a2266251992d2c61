/** A problem's field errors put on the form fields they name (body.licenceCodes[0] → licenceCodes). */
import type { FormInstance } from 'antd';
import { problemMessage } from '../../api/problems.ts';
import type { Lang } from '../../i18n.tsx';

export function showFieldErrors(form: FormInstance, e: unknown, lang: Lang, fields: readonly string[]): void {
  const byField = new Map<string, string[]>();
  for (const f of problemMessage(e, lang).fields) {
    const name = f.path.replace(/^body\./, '').split(/[.[]/)[0] ?? '';
    if (fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), f.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
}
