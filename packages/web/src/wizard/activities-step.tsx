/** Step 1: what the business does, picked from the kb's activities, searchable in Chinese or English. */
import { Checkbox, Empty, Input, Tag, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import type { Catalogue, Profile } from '../api/client.ts';
import { useLang } from '../i18n.tsx';
import { searchActivities } from './activity-search.ts';

interface Props {
  catalogue: Catalogue;
  profile: Profile;
  onChange(p: Profile): void;
}

export function ActivitiesStep({ catalogue, profile, onChange }: Props) {
  const { t, tx } = useLang();
  const [query, setQuery] = useState('');
  const labelId = useId();
  const chosen = profile.service.activities;
  const found = useMemo(() => searchActivities(catalogue.activities, query), [catalogue, query]);
  const byId = new Map(catalogue.activities.map((a) => [a.id, a]));
  const set = (activities: string[]) => onChange({ ...profile, service: { ...profile.service, activities } });
  const toggle = (id: string, on: boolean) =>
    set(on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id));

  return (
    <section aria-labelledby={labelId}>
      <Typography.Title level={4} id={labelId}>
        {t('activitiesQuestion')}
      </Typography.Title>
      <Input.Search
        allowClear
        size="large"
        aria-label={t('activitiesSearch')}
        placeholder={t('activitiesSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="activity-search"
      />
      {chosen.length > 0 && (
        <div className="activity-chosen">
          <span>{t('activitiesChosen')}：</span>
          {chosen.map((id) => (
            <Tag key={id} closable onClose={() => toggle(id, false)} color="blue">
              {tx(byId.get(id)?.name) || id}
            </Tag>
          ))}
        </div>
      )}
      {found.length === 0 ? (
        <Empty description={t('activitiesNone')} />
      ) : (
        <ul className="activity-list">
          {found.map((a) => (
            <li key={a.id} className={chosen.includes(a.id) ? 'activity chosen' : 'activity'}>
              <Checkbox
                checked={chosen.includes(a.id)}
                onChange={(e) => toggle(a.id, e.target.checked)}
                data-activity={a.id}
              >
                <span className="activity-name">{tx(a.name)}</span>
                <span className="activity-description">{tx(a.description)}</span>
              </Checkbox>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
