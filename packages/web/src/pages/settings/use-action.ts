/**
 * Running a write from a settings page: busy while it runs, and its failure kept — as field errors in place
 * when a form has the fields the API names (./form-errors.ts), else for an error notice.
 */
import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useLang } from '../../i18n.tsx';
import { type FieldMap, showFieldErrors } from './form-errors.ts';

export interface Action {
  busy: boolean;
  /** the last failure not shown in a form's fields (null: none) */
  error: unknown;
  /** runs `work`; true when it succeeded */
  run(work: () => Promise<unknown>): Promise<boolean>;
}

// biome-ignore lint/suspicious/noExplicitAny: any form's values
export function useAction(form?: FormInstance<any>, fields: FieldMap = {}): Action {
  const { lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (e) {
        if (!form || !showFieldErrors(form, e, lang, fields)) setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [form, fields, lang],
  );
  return { busy, error, run };
}
