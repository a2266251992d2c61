/** Sign-in (POST /api/v1/auth/login), then back to the page that asked for it; and how the first owner is made. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import { useSession } from '../session.tsx';

/** a path of this app to return to; anything else (another origin, //host) is the dashboard */
export const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) ? next : '/dashboard');

export default function SignIn() {
  const { t } = useLang();
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await call(api.POST('/api/v1/auth/login', { body: v })));
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className="narrow-card">
      <Typography.Title level={1}>{t('signInTitle')}</Typography.Title>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="email" label={t('email')} rules={[{ required: true, message: t('required_field') }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('password')}
          rules={[{ required: true, message: t('required_field') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {error !== null && <ErrorNotice error={error} />}
        <Button type="primary" htmlType="submit" loading={busy} className="form-submit">
          {t('signIn')}
        </Button>
      </Form>
      <Alert className="first-run" type="info" showIcon title={t('firstRun')} />
    </Card>
  );
}
