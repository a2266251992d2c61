/** A value shown once (an invitation link, a token) with a button that copies it. */
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useLang } from '../../i18n.tsx';

export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const { t } = useLang();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // no clipboard (an insecure origin): the text stays selectable
    }
  };
  return (
    <Space.Compact className="settings-copy">
      <Input
        readOnly
        value={value}
        aria-label={label}
        data-testid={testId}
        onFocus={(e) => e.target.select()}
      />
      <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={copy}>
        {copied ? t('copied') : t('copy')}
      </Button>
    </Space.Compact>
  );
}
