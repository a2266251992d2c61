/** Choosing companies of the organisation (for a client): a searchable multiple select over GET /companies. */
import { Select } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';
import { useLoad } from '../../use-load.ts';

interface Props {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  /** names of companies chosen already (so that they show before the search finds them) */
  known?: { id: string; name: string }[];
}

export function CompanyPicker({ id, value, onChange, known = [] }: Props) {
  const { t, lang } = useLang();
  const [q, setQ] = useState('');
  const found = useLoad(`${lang}:${q}`, () =>
    call(api.GET('/api/v1/companies', { params: { query: { limit: 50, lang, ...(q ? { q } : {}) } } })),
  );
  const byId = new Map(known.map((c) => [c.id, c.name]));
  for (const c of found.data?.items ?? []) byId.set(c.id, c.name);
  return (
    <Select
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      loading={found.loading}
      placeholder={t('companiesPick')}
      aria-label={t('companiesPick')}
      options={[...byId].map(([value, label]) => ({ value, label }))}
      className="settings-select"
    />
  );
}
