/**
 * Step 4: the questions the engine still has for this profile (an assessment's `questions`). Yes/no ones are
 * answered here; a missing profile fact points back to the step that asks it. An answered question stays on
 * the list (the engine no longer asks it), so that the answer can be changed.
 */
import { Button, Empty, Form, Radio, Spin, Typography } from 'antd';
import { useRef } from 'react';
import type { Profile, Schemas } from '../api/client.ts';
import { type Text, useLang } from '../i18n.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { encodeProfile } from './profile-link.ts';
import { assessProfile, useLoad } from './use-api.ts';
import type { Step } from './wizard-page.tsx';

type Question = Schemas['Question'];

interface Props {
  profile: Profile;
  onChange(p: Profile): void;
  onGoTo(step: Step): void;
}

/** the engine adds the profile path in brackets to a question about a profile field: not for a founder */
export const plainQuestion = (s: string) => s.replace(/\s*[（(][\w.-]+[）)]\s*$/, '');

/** where a yes/no question's answer goes in the profile; null for a fact an earlier step asks */
function answerOf(profile: Profile, id: string): boolean | undefined | null {
  if (id.startsWith('answers.')) return profile.service.answers?.[id.slice(8)];
  if (id === 'entity.onCreditBlacklist') return profile.entity?.onCreditBlacklist;
  return null;
}

function withAnswer(profile: Profile, id: string, value: boolean | undefined): Profile {
  if (id === 'entity.onCreditBlacklist') {
    const { onCreditBlacklist: _, ...entity } = profile.entity ?? {};
    return { ...profile, entity: value === undefined ? entity : { ...entity, onCreditBlacklist: value } };
  }
  const answers = { ...profile.service.answers };
  if (value === undefined) delete answers[id.slice(8)];
  else answers[id.slice(8)] = value;
  const { answers: _, ...service } = profile.service;
  return { ...profile, service: Object.keys(answers).length ? { ...service, answers } : service };
}

const stepOf = (id: string): Step => (id.startsWith('entity.') ? 'entity' : 'service');

export function QuestionsStep({ profile, onChange, onGoTo }: Props) {
  const { t, tx, lang } = useLang();
  const seen = useRef(new Map<string, { text: Text; help?: Text }>());
  const key = encodeProfile(profile);
  const result = useLoad(key, () => assessProfile(profile, lang));
  if (result.loading && !result.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (result.error) return <ErrorNotice error={result.error} onRetry={result.reload} />;
  const open: Question[] = result.data?.questions ?? [];
  for (const q of open) seen.current.set(q.id, { text: q.text, ...(q.help ? { help: q.help } : {}) });
  const answered = [...seen.current.keys()].filter(
    (id) => !open.some((q) => q.id === id) && answerOf(profile, id) !== undefined,
  );
  const ids = [...open.map((q) => q.id), ...answered];
  const yesNo = ids.filter((id) => answerOf(profile, id) !== null);
  const elsewhere = ids.filter((id) => answerOf(profile, id) === null);

  return (
    <section>
      <Typography.Paragraph>{t('questionsIntro')}</Typography.Paragraph>
      {ids.length === 0 && <Empty description={t('questionsNone')} />}
      <Form layout="vertical" className="wizard-form">
        {yesNo.map((id) => {
          const q = seen.current.get(id)!;
          const value = answerOf(profile, id);
          return (
            <Form.Item
              key={id}
              label={plainQuestion(tx(q.text))}
              extra={q.help && tx(q.help)}
              htmlFor={`q-${id}`}
              data-question={id}
            >
              <Radio.Group
                id={`q-${id}`}
                value={value === undefined ? 'unknown' : value}
                onChange={(x) =>
                  onChange(withAnswer(profile, id, x.target.value === 'unknown' ? undefined : x.target.value))
                }
                options={[
                  { value: true, label: t('yes') },
                  { value: false, label: t('no') },
                  { value: 'unknown', label: t('notSure') },
                ]}
              />
            </Form.Item>
          );
        })}
      </Form>
      {elsewhere.length > 0 && (
        <>
          <Typography.Paragraph>{t('questionsElsewhere')}</Typography.Paragraph>
          <ul>
            {elsewhere.map((id) => (
              <li key={id}>
                <Button type="link" onClick={() => onGoTo(stepOf(id))}>
                  {plainQuestion(tx(seen.current.get(id)!.text))}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
