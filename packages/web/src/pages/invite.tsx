/**
 * The invitation link (/invite/<token>): what it invites to; a new account is made here with a name and a
 * password, an existing one must be signed in as the invited e-mail and then joins.
 */
import { Alert, Button, Card, Form, Input, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { useSession } from '../session.tsx';
import { useLoad } from '../use-load.ts';

export default function Invite() {
  const { t } = useLang();
  const token = useParams().token ?? '';
  const { me, check, signedIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const invitation = useLoad(token, () =>
    call(api.GET('/api/v1/invitations/accept/{token}', { params: { path: { token } } })),
  );
  const exists = invitation.data?.accountExists;
  useEffect(() => {
    if (exists) check().catch(() => {});
  }, [exists, check]);

  if (invitation.loading) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!invitation.data) return <ErrorNotice error={invitation.error} />;
  const inv = invitation.data;

  const accept = async (v: { name?: string; password?: string }) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await call(api.POST('/api/v1/invitations/accept', { body: { token, ...v } })));
      navigate('/companies', { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const role = t(`role_${inv.role}` as MessageId);

  return (
    <Card className="narrow-card">
      <Typography.Title level={1}>{t('inviteTitle', { org: inv.organisationName })}</Typography.Title>
      <Typography.Paragraph>
        {t('inviteRole', { email: inv.email, role, until: inv.expiresAt.slice(0, 10) })}
      </Typography.Paragraph>
      {!inv.accountExists && (
        <Form layout="vertical" onFinish={accept} requiredMark={false}>
          <Typography.Paragraph type="secondary">{t('inviteNewAccount')}</Typography.Paragraph>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required_field') }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('password')}
            rules={[{ required: true, min: 12, message: t('inviteNewAccount') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error !== null && <ErrorNotice error={error} />}
          <Button type="primary" htmlType="submit" loading={busy} className="form-submit">
            {t('inviteAccept')}
          </Button>
        </Form>
      )}
      {inv.accountExists && me === undefined && <Spin aria-label={t('loading')} />}
      {inv.accountExists && me === null && (
        <Alert
          type="info"
          showIcon
          title={t('inviteSignInFirst', { email: inv.email })}
          action={
            <Link to={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}>
              <Button type="primary">{t('signIn')}</Button>
            </Link>
          }
        />
      )}
      {inv.accountExists && me && me.user.email.toLowerCase() !== inv.email.toLowerCase() && (
        <Alert
          type="warning"
          showIcon
          title={t('inviteOtherAccount', { me: me.user.email, email: inv.email })}
        />
      )}
      {inv.accountExists && me && me.user.email.toLowerCase() === inv.email.toLowerCase() && (
        <>
          {error !== null && <ErrorNotice error={error} />}
          <Button type="primary" loading={busy} onClick={() => accept({})} className="form-submit">
            {t('inviteAccept')}
          </Button>
        </>
      )}
    </Card>
  );
}
