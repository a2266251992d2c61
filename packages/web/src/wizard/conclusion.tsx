/** One conclusion of the result: its heading and facts at a glance, and its explanation one click away. */
import { Card, Collapse } from 'antd';
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { Schemas } from '../api/client.ts';
import { useLang } from '../i18n.tsx';
import { Explanation, type SourceBook } from './explanation.tsx';

/** true while printing: every explanation open */
export const ExpandAll = createContext(false);

interface Props {
  testId: string;
  title: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
  reasons: Schemas['LocalisedReason'][];
  book: SourceBook;
}

export function Conclusion({ testId, title, extra, children, reasons, book }: Props) {
  const { t } = useLang();
  const all = useContext(ExpandAll);
  const [open, setOpen] = useState(false);
  return (
    <Card size="small" className="conclusion" data-testid={testId} title={title} extra={extra}>
      {children}
      {reasons.length > 0 && (
        <Collapse
          ghost
          size="small"
          activeKey={open || all ? ['why'] : []}
          onChange={(k) => setOpen(k.includes('why'))}
          items={[
            { key: 'why', label: t('explain'), children: <Explanation reasons={reasons} book={book} /> },
          ]}
        />
      )}
    </Card>
  );
}
