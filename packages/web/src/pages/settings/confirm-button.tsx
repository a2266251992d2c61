/** A small danger button that asks first (revoke, remove, delete). */
import { Button, Popconfirm } from 'antd';
import { useLang } from '../../i18n.tsx';

export function ConfirmButton(p: { question: string; label: string; onConfirm(): void }) {
  const { t } = useLang();
  return (
    <Popconfirm title={p.question} onConfirm={p.onConfirm} okText={p.label} cancelText={t('cancel')}>
      <Button danger size="small">
        {p.label}
      </Button>
    </Popconfirm>
  );
}
