/** An error in place: the problem's title, detail and field errors (../api/problems.ts), and a retry. */
import { Alert, Button } from 'antd';
import { problemMessage } from './api/problems.ts';
import { useLang } from './i18n.tsx';

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang, t } = useLang();
  const m = problemMessage(error, lang);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={m.title}
      description={
        m.detail || m.fields.length ? (
          <>
            {m.detail && <div>{m.detail}</div>}
            {m.fields.length > 0 && (
              <ul>
                {m.fields.map((f) => (
                  <li key={f.path}>
                    <code>{f.path}</code>: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
      action={onRetry && <Button onClick={onRetry}>{t('retry')}</Button>}
    />
  );
}
