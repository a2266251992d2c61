/**
 * The public self-assessment wizard (/assess): business → company → where → the engine's open questions →
 * the result. The answers live in the URL (?p=…&step=…), so the address is always a link that restores them;
 * moving between steps adds a history entry, answering within a step replaces it.
 */
import { Alert, Button, Card, Space, Spin, Steps, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Profile } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { useLoad } from '../use-load.ts';
import { ActivitiesStep } from './activities-step.tsx';
import { EntityStep } from './entity-step.tsx';
import { decodeProfile, emptyProfile, encodeProfile } from './profile-link.ts';
import { QuestionsStep } from './questions-step.tsx';
import { ResultView } from './result-view.tsx';
import { ServiceStep } from './service-step.tsx';
import { loadCatalogue } from './use-api.ts';

const STEPS = ['activities', 'entity', 'service', 'questions', 'result'] as const;
export type Step = (typeof STEPS)[number];
const TITLES: Record<Step, MessageId> = {
  activities: 'stepActivities',
  entity: 'stepEntity',
  service: 'stepService',
  questions: 'stepQuestions',
  result: 'stepResult',
};

export default function WizardPage() {
  const { t, lang } = useLang();
  const [params, setParams] = useSearchParams();
  const raw = params.get('p');
  // the answers are state (an answer given right after another sees it) mirrored into the URL; a URL that
  // changes by itself (back, forward, an opened link) is read back
  const [profile, setProfile] = useState<Profile>(() => decodeProfile(raw) ?? emptyProfile());
  const written = useRef(raw);
  useEffect(() => {
    if (raw !== written.current) {
      written.current = raw;
      setProfile(decodeProfile(raw) ?? emptyProfile());
    }
  }, [raw]);
  const hasActivity = profile.service.activities.length > 0;
  const asked = params.get('step') as Step | null;
  const step: Step =
    asked && STEPS.includes(asked) && (hasActivity || asked === 'activities') ? asked : 'activities';
  const index = STEPS.indexOf(step);
  const catalogue = useLoad('catalogue', () => loadCatalogue(lang));

  const write = (p: Profile, next: Step, push: boolean) => {
    const encoded = encodeProfile(p);
    written.current = encoded;
    setProfile(p);
    setParams(
      (q) => {
        const out = new URLSearchParams(q);
        out.set('p', encoded);
        out.set('step', next);
        return out;
      },
      { replace: !push },
    );
  };
  const update = (p: Profile) => write(p, step, false);
  const go = (next: Step) => {
    write(profile, next, true);
    window.scrollTo(0, 0);
  };

  if (catalogue.loading) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!catalogue.data) return <ErrorNotice error={catalogue.error} onRetry={catalogue.reload} />;
  const cat = catalogue.data;

  return (
    <div className="wizard">
      <Typography.Title level={1} className="wizard-title">
        {t('wizardTitle')}
      </Typography.Title>
      {step === 'activities' && (
        <Typography.Paragraph type="secondary">{t('wizardIntro')}</Typography.Paragraph>
      )}
      <Steps
        className="wizard-steps no-print"
        size="small"
        current={index}
        responsive={false}
        onChange={(i) => hasActivity && go(STEPS[i]!)}
        items={STEPS.map((s) => ({ title: t(TITLES[s]), disabled: !hasActivity && s !== 'activities' }))}
      />
      {step === 'result' ? (
        <ResultView profile={profile} catalogue={cat} onEdit={() => go('activities')} />
      ) : (
        <Card className="wizard-card">
          {step === 'activities' && <ActivitiesStep catalogue={cat} profile={profile} onChange={update} />}
          {step === 'entity' && <EntityStep catalogue={cat} profile={profile} onChange={update} />}
          {step === 'service' && <ServiceStep catalogue={cat} profile={profile} onChange={update} />}
          {step === 'questions' && (
            <QuestionsStep profile={profile} onChange={update} onGoTo={(s: Step) => go(s)} />
          )}
          {step === 'activities' && !hasActivity && (
            <Alert className="wizard-hint" type="info" showIcon title={t('activitiesPick')} />
          )}
          <Space className="wizard-nav no-print">
            {index > 0 && <Button onClick={() => go(STEPS[index - 1]!)}>{t('back')}</Button>}
            <Button type="primary" disabled={!hasActivity} onClick={() => go(STEPS[index + 1]!)}>
              {step === 'questions' ? t('seeResult') : t('next')}
            </Button>
          </Space>
        </Card>
      )}
    </div>
  );
}
