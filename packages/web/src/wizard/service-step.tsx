/** Step 3: where the users are, through what the service reaches them, and where its servers stand. */
import { Checkbox, Form, Radio, Select } from 'antd';
import { useState } from 'react';
import type { Catalogue, Profile } from '../api/client.ts';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { provinceOptions } from './provinces.ts';

type Service = Profile['service'];
type Mode = 'one' | 'several' | 'nationwide';
const CHANNELS = ['website', 'app', 'mini-program'] as const;
const SERVERS = ['mainland', 'hong-kong-macau-taiwan', 'overseas'] as const;

interface Props {
  catalogue: Catalogue;
  profile: Profile;
  onChange(p: Profile): void;
}

function modeOf(coverage: Service['coverage']): Mode | undefined {
  if (!coverage?.length) return undefined;
  if (coverage.includes('nationwide')) return 'nationwide';
  return coverage.length > 1 ? 'several' : 'one';
}

export function ServiceStep({ catalogue, profile, onChange }: Props) {
  const { t, lang } = useLang();
  const s = profile.service;
  const [mode, setMode] = useState<Mode | undefined>(modeOf(s.coverage));
  const set = (patch: Partial<Service>) => {
    const service: Service = { ...s, ...patch };
    for (const k of Object.keys(service) as (keyof Service)[])
      if (service[k] === undefined) delete service[k];
    onChange({ ...profile, service });
  };
  const provinces = (s.coverage ?? []).filter((c) => c !== 'nationwide');
  const pickMode = (m: Mode) => {
    setMode(m);
    if (m === 'nationwide') return set({ coverage: ['nationwide'] });
    const home = profile.entity?.registeredProvince;
    const kept = provinces.length ? provinces : home ? [home] : [];
    set({ coverage: m === 'one' ? (kept.length ? [kept[0]!] : undefined) : kept.length ? kept : undefined });
  };

  return (
    <Form layout="vertical" className="wizard-form">
      <Form.Item label={t('serviceCoverage')} extra={t('serviceCoverageHelp')} htmlFor="service-coverage">
        <Radio.Group
          id="service-coverage"
          value={mode}
          onChange={(x) => pickMode(x.target.value)}
          options={[
            { value: 'one', label: t('coverageOne') },
            { value: 'several', label: t('coverageSeveral') },
            { value: 'nationwide', label: t('coverageNationwide') },
          ]}
        />
      </Form.Item>
      {(mode === 'one' || mode === 'several') && (
        <Form.Item label={t('coverageProvinces')} htmlFor="service-provinces">
          <Select
            id="service-provinces"
            mode={mode === 'several' ? 'multiple' : undefined}
            showSearch={{ optionFilterProp: 'label' }}
            value={mode === 'several' ? provinces : provinces[0]}
            onChange={(v: string | string[] | undefined) => {
              const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
              set({ coverage: list.length ? list : undefined });
            }}
            options={provinceOptions(catalogue, lang)}
            className="wizard-select"
          />
        </Form.Item>
      )}
      <Form.Item label={t('serviceChannels')}>
        <Checkbox.Group
          aria-label={t('serviceChannels')}
          value={s.channels ?? []}
          onChange={(v) => set({ channels: v.length ? (v as Service['channels']) : undefined })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channel_${c}` as MessageId) }))}
        />
      </Form.Item>
      <Form.Item label={t('serviceServers')} htmlFor="service-servers">
        <Radio.Group
          id="service-servers"
          value={s.serverLocation}
          onChange={(x) => set({ serverLocation: x.target.value })}
          options={SERVERS.map((c) => ({ value: c, label: t(`server_${c}` as MessageId) }))}
        />
      </Form.Item>
    </Form>
  );
}
