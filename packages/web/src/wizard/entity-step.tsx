/** Step 2: who runs the business — a company (where registered, capital, foreign share) or an individual. */
import { Form, InputNumber, Radio, Select } from 'antd';
import type { Catalogue, Profile } from '../api/client.ts';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { provinceOptions } from './provinces.ts';

type Entity = NonNullable<Profile['entity']>;
const PILOT_AREAS = ['beijing', 'shanghai', 'hainan', 'shenzhen'] as const;

interface Props {
  catalogue: Catalogue;
  profile: Profile;
  onChange(p: Profile): void;
}

export function EntityStep({ catalogue, profile, onChange }: Props) {
  const { t, lang } = useLang();
  const e: Entity = profile.entity ?? {};
  const set = (patch: Partial<Entity>) => {
    const entity: Entity = { ...e, ...patch };
    for (const k of Object.keys(entity) as (keyof Entity)[]) if (entity[k] === undefined) delete entity[k];
    onChange({ ...profile, entity });
  };
  const foreign = e.foreignSharePercent === undefined ? undefined : e.foreignSharePercent > 0;
  const company = e.type !== 'individual';

  return (
    <Form layout="vertical" className="wizard-form">
      <Form.Item label={t('entityType')} htmlFor="entity-type">
        <Radio.Group
          id="entity-type"
          value={e.type}
          onChange={(x) => set({ type: x.target.value })}
          options={[
            { value: 'company', label: t('entityCompany') },
            { value: 'individual', label: t('entityIndividual') },
          ]}
        />
      </Form.Item>
      {company && (
        <>
          <Form.Item label={t('entityProvince')} htmlFor="entity-province">
            <Select
              id="entity-province"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              value={e.registeredProvince}
              onChange={(v?: string) => set({ registeredProvince: v })}
              options={provinceOptions(catalogue, lang)}
              className="wizard-select"
            />
          </Form.Item>
          <Form.Item label={t('entityCapital')} htmlFor="entity-capital" extra={t('entityCapitalHelp')}>
            <InputNumber
              id="entity-capital"
              min={0}
              max={100_000_000}
              value={e.registeredCapitalCny === undefined ? null : e.registeredCapitalCny / 10_000}
              onChange={(v) => set({ registeredCapitalCny: v === null ? undefined : Number(v) * 10_000 })}
              className="wizard-number"
            />
          </Form.Item>
          <Form.Item label={t('entityForeign')} htmlFor="entity-foreign">
            <Radio.Group
              id="entity-foreign"
              value={foreign}
              onChange={(x) =>
                set(
                  x.target.value
                    ? { foreignSharePercent: 10 }
                    : { foreignSharePercent: 0, pilotArea: undefined },
                )
              }
              options={[
                { value: false, label: t('no') },
                { value: true, label: t('yes') },
              ]}
            />
          </Form.Item>
          {foreign && (
            <>
              <Form.Item label={t('entityForeignShare')} htmlFor="entity-foreign-share">
                <InputNumber
                  id="entity-foreign-share"
                  min={0}
                  max={100}
                  value={e.foreignSharePercent}
                  onChange={(v) => set({ foreignSharePercent: v === null ? undefined : Number(v) })}
                  className="wizard-number"
                />
              </Form.Item>
              <Form.Item label={t('entityPilot')} htmlFor="entity-pilot">
                <Select
                  id="entity-pilot"
                  value={e.pilotArea ?? 'none'}
                  onChange={(v: string) =>
                    set({ pilotArea: v === 'none' ? null : (v as (typeof PILOT_AREAS)[number]) })
                  }
                  options={[
                    { value: 'none', label: t('entityPilotNone') },
                    ...PILOT_AREAS.map((p) => ({ value: p, label: t(`pilot_${p}` as MessageId) })),
                  ]}
                  className="wizard-select"
                />
              </Form.Item>
            </>
          )}
        </>
      )}
    </Form>
  );
}
