/** A company picked by typing part of its name (GET /api/v1/companies?q=…), for filters and forms. */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n.tsx';

interface Props {
  id?: string;
  value?: string | undefined;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  className?: string;
  'aria-label'?: string;
}

export function CompanySelect({ value, onChange, ...rest }: Props) {
  const { lang } = useLang();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      call(
        api.GET('/api/v1/companies', {
          params: { query: { limit: 20, sort: 'name', lang, ...(q ? { q } : {}) } },
        }),
      )
        .then((page) => live && setOptions(page.items.map((c) => ({ value: c.id, label: c.name }))))
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, lang]);
  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      loading={loading}
      value={value}
      options={options}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
    />
  );
}
