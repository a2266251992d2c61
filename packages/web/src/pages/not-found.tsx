import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useLang } from '../i18n.tsx';

export default function NotFound() {
  const { t } = useLang();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('notFound')}
      extra={
        <Link to="/assess">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
    />
  );
}
